import { describe, expect, it } from 'vitest';
import { GuessThrottle, TokenBucket } from '../../server/rateLimit.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refills with time', () => {
    const bucket = new TokenBucket(3, 2, 0);
    expect([0, 0, 0, 0].map((now) => bucket.take(now))).toEqual([true, true, true, false]);
    expect(bucket.take(400)).toBe(false);
    expect(bucket.has(500)).toBe(true);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.full(10_000)).toBe(true);
  });
});

describe('GuessThrottle', () => {
  const limits = { perAddress: { burst: 3, perSecond: 0.5 }, global: { burst: 5, perSecond: 1 }, answerDelayMs: 0 };
  /** Which of `addresses`, in turn at `now`, may guess; each guess that may is a wrong one. */
  const guesses = (throttle: GuessThrottle, addresses: string[], now: number) =>
    addresses.map((address) => {
      const may = throttle.mayGuess(address, now);
      if (may) throttle.wrong(address, now);
      return may;
    });

  it.each([
    { what: 'one address: its burst, then one every 2 s', addresses: ['a', 'a', 'a', 'a', 'a'], later: 2000, then: ['a', 'a'], expected: [true, true, true, false, false], expectedLater: [true, false] },
    { what: 'two addresses: each its own burst, within the global one', addresses: ['a', 'a', 'a', 'b', 'b', 'a'], later: 0, then: ['b'], expected: [true, true, true, true, true, false], expectedLater: [false] },
    { what: 'the global budget spent: addresses that guessed wrong wait', addresses: ['a', 'b', 'c', 'd', 'e', 'a'], later: 0, then: ['b'], expected: [true, true, true, true, true, false], expectedLater: [false] },
    { what: 'the global budget spent: an address that never guessed wrong is looked at', addresses: ['a', 'a', 'b', 'b', 'c', 'f'], later: 0, then: ['g'], expected: [true, true, true, true, true, true], expectedLater: [true] },
  ])('$what', ({ addresses, later, then, expected, expectedLater }) => {
    const throttle = new GuessThrottle(limits, 0);
    expect(guesses(throttle, addresses, 0)).toEqual(expected);
    expect(guesses(throttle, then, later)).toEqual(expectedLater);
  });

  it('forgets an address once its budget is whole again', () => {
    const throttle = new GuessThrottle(limits, 0);
    guesses(throttle, ['a', 'b', 'b'], 0);
    expect(throttle.prune(2000)).toBe(1);
    expect(throttle.prune(4000)).toBe(0);
  });
});
