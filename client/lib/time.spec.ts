import { describe, expect, it } from 'vitest';
import { formatClock, remainingMs } from './time.ts';

describe('countdown arithmetic', () => {
  it.each([
    [{ state: 'running', endsAt: 10_000, totalMs: 60_000 } as const, 0, 4_000, 6_000],
    // The phone's clock is 2 s behind the server: it still counts to the server's deadline.
    [{ state: 'running', endsAt: 10_000, totalMs: 60_000 } as const, 2_000, 4_000, 4_000],
    [{ state: 'paused', remainingMs: 30_000, totalMs: 60_000 } as const, 2_000, 99_000, 30_000],
  ])('remainingMs(%j, offset %d, now %d) = %d', (timer, offset, now, expected) => {
    expect(remainingMs(timer, offset, now)).toBe(expected);
  });

  it.each([
    [300_000, '5:00'],
    [299_001, '5:00'],
    [61_000, '1:01'],
    [500, '0:01'],
    [0, '0:00'],
    [-500, '+0:00'],
    [-90_000, '+1:30'],
  ])('formatClock(%d) = %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });
});
