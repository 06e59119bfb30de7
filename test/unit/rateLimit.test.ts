import { describe, expect, it } from 'vitest';
import { FailureThrottle, TokenBucket } from '../../server/rateLimit.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refills with time', () => {
    const bucket = new TokenBucket(3, 2, 0);
    expect([0, 0, 0, 0].map((now) => bucket.take(now))).toEqual([true, true, true, false]);
    expect(bucket.take(400)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.take(10_000)).toBe(true);
  });
});

describe('FailureThrottle', () => {
  it('blocks a key after the limit of failures within the window, and forgets them after it', () => {
    const throttle = new FailureThrottle(3, 1000);
    for (const at of [0, 100, 200]) throttle.fail('10.0.0.1', at);
    expect(throttle.blocked('10.0.0.1', 300)).toBe(true);
    expect(throttle.blocked('10.0.0.2', 300)).toBe(false);
    expect(throttle.blocked('10.0.0.1', 1100)).toBe(false);
  });
});
