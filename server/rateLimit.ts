/** Small in-memory limits against floods and code guessing. Time comes from the caller. */

/** A token bucket: `capacity` events at once, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  take(now: number): boolean {
    if (!this.has(now)) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whether an event could pass now, without spending it. */
  has(now: number): boolean {
    this.refill(now);
    return this.tokens >= 1;
  }

  /** Back to full: nothing to remember. */
  full(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + (Math.max(0, now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
  }
}

export interface GuessLimits {
  /** Wrong guesses an address may make at once, and how many more a second after that. */
  perAddress: { burst: number; perSecond: number };
  /** The same for all addresses together that guessed wrong lately. */
  global: { burst: number; perSecond: number };
  /** How long every wrong guess, and every guess not looked at, waits for its answer. */
  answerDelayMs: number;
}

/**
 * Budgets for wrong guesses (codes, tokens), per address and for all addresses together: a guess is
 * looked at only while both budgets allow, and each wrong one spends from both. A request is
 * judged in one go (`mayGuess`, then `wrong`), so a thousand at once spend the budget no faster
 * than one after the other. Only wrong guesses spend: a whole school shares one address, and its
 * phones joining with the right code never use it up. The global budget holds back only addresses
 * that guessed wrong lately: an attack from many addresses does not lock every school out.
 */
export class GuessThrottle {
  private readonly addresses = new Map<string, TokenBucket>();
  private readonly global: TokenBucket;

  constructor(
    private readonly limits: GuessLimits,
    now: number,
  ) {
    this.global = new TokenBucket(limits.global.burst, limits.global.perSecond, now);
  }

  /** Whether a guess from `address` is looked at now (otherwise it is answered as a wrong one). */
  mayGuess(address: string, now: number): boolean {
    const bucket = this.addresses.get(address);
    if (!bucket) return true;
    return bucket.has(now) && this.global.has(now);
  }

  /** `address` guessed wrong. */
  wrong(address: string, now: number): void {
    let bucket = this.addresses.get(address);
    if (!bucket) this.addresses.set(address, (bucket = new TokenBucket(this.limits.perAddress.burst, this.limits.perAddress.perSecond, now)));
    bucket.take(now);
    this.global.take(now);
  }

  /** Forgets addresses whose budget is whole again; returns how many are still remembered. */
  prune(now: number): number {
    for (const [address, bucket] of this.addresses) if (bucket.full(now)) this.addresses.delete(address);
    return this.addresses.size;
  }
}

