/**
 * Under vitest's node environment svelte resolves to its server build, where `$effect` never runs:
 * this spec checks the clock and the readers' bookkeeping that starts and stops the interval. That
 * countdowns tick on screen, the browser tests see.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Readers, TICK_MS, Ticker } from './ticker.svelte.ts';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_700_000_000_000);
});

afterEach(() => {
  vi.useRealTimers();
});

/** The turn after this one, when deferred leaves have happened. */
const nextTurn = () => Promise.resolve();

describe('ticker', () => {
  it('reads the local clock', () => {
    const ticker = new Ticker();
    expect(ticker.now).toBe(1_700_000_000_000);
    vi.setSystemTime(1_700_000_004_321);
    expect(ticker.now).toBe(1_700_000_004_321);
  });

  it('one interval (every 250 ms) while read, by however many readers; none once the last one has left', async () => {
    const ticker = new Ticker();
    expect(vi.getTimerCount()).toBe(0);
    ticker.readers.enter();
    ticker.readers.enter();
    expect(vi.getTimerCount(), 'one interval for two readers').toBe(1);
    expect(TICK_MS).toBe(250);

    ticker.readers.leave();
    await nextTurn();
    expect(vi.getTimerCount(), 'one reader left').toBe(1);
    ticker.readers.leave();
    await nextTurn();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a reader that re-runs (leaves and comes back in one turn) keeps the interval it had', async () => {
    const start = vi.fn(() => vi.fn());
    const readers = new Readers(start);
    readers.enter();
    readers.leave();
    readers.enter();
    await nextTurn();
    expect(start).toHaveBeenCalledTimes(1);
    expect(start.mock.results[0]?.value).not.toHaveBeenCalled();

    readers.leave();
    await nextTurn();
    expect(start.mock.results[0]?.value).toHaveBeenCalledTimes(1);
  });
});
