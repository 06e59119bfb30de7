/**
 * Under vitest's node environment svelte resolves to its server build, where createSubscriber
 * never starts anything and `$effect` never runs. So this spec stands in for createSubscriber
 * with its documented contract: `start(update)` runs when the first reader subscribes, and
 * the function it returns runs when the last one leaves.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ticker } from './ticker.svelte.ts';

const subscriber = vi.hoisted(() => ({
  start: null as null | ((update: () => void) => () => void),
  reads: 0,
}));

vi.mock('svelte/reactivity', () => ({
  createSubscriber(start: (update: () => void) => () => void) {
    subscriber.start = start;
    return () => void subscriber.reads++;
  },
}));

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_700_000_000_000);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ticker', () => {
  it('reads the local clock, and subscribes the reader to its ticks', () => {
    const reads = subscriber.reads;
    expect(ticker.now).toBe(1_700_000_000_000);
    vi.setSystemTime(1_700_000_004_321);
    expect(ticker.now).toBe(1_700_000_004_321);
    expect(subscriber.reads).toBe(reads + 2);
  });

  it('ticks four times a second while subscribed, and not at all once the last reader leaves', () => {
    const start = subscriber.start;
    if (!start) throw new Error('ticker made no subscriber');
    const update = vi.fn();
    expect(vi.getTimerCount()).toBe(0);

    const stop = start(update);
    vi.advanceTimersByTime(249);
    expect(update).toHaveBeenCalledTimes(0);
    vi.advanceTimersByTime(1);
    expect(update).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(750);
    expect(update).toHaveBeenCalledTimes(4);

    stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(update).toHaveBeenCalledTimes(4);
  });
});
