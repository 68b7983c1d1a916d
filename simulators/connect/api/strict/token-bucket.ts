/**
 * Token buckets, the way AWS throttles: each request takes a token, tokens come back at the
 * quota's rate up to its burst. Time is whatever clock the limiter is given (the simulator's),
 * so on the virtual clock a bucket refills only as the scenario moves time.
 */
import type { RateQuota } from "./quotas.js";

export class TokenBucket {
  private tokens: number;

  constructor(
    private readonly quota: RateQuota,
    private last: number,
  ) {
    this.tokens = quota.burst;
  }

  /** False when the bucket is empty at `now`. */
  take(now: number): boolean {
    this.tokens = Math.min(this.quota.burst, this.tokens + (Math.max(0, now - this.last) * this.quota.rate) / 1000);
    this.last = Math.max(this.last, now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** One bucket per operation (the service sets its limits "for each API separately"), made on first use. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly quotaOf: (operation: string) => RateQuota,
    private readonly now: () => number,
  ) {}

  take(operation: string): boolean {
    let bucket = this.buckets.get(operation);
    if (!bucket) this.buckets.set(operation, (bucket = new TokenBucket(this.quotaOf(operation), this.now())));
    return bucket.take(this.now());
  }
}
