import type { Clock } from '../contracts';
import { abortableSleep, raceWithAbort } from './abort-handling';
import type { BucketOptions } from './bucket-options';

/**
 * A local model of one API user's CartRover leaky bucket, so reads are spaced out before the
 * server has to refuse them. Tokens refill at the bucket's rate; each read takes one before it is
 * sent; `X-CartRover-Api-Minute-Hits-Remaining` corrects the model downwards (the server may also
 * count other processes' calls), a RateLimit answer empties it.
 *
 * Callers are served in arrival order (a promise chain), and the check-and-take is synchronous, so
 * concurrent callers never take the same token. A `reserve` of tokens is left untouched as slack
 * for calls this model does not see.
 */
export class RateLimitPacer {
  private tokens: number;
  private updatedAt: number;
  private turn: Promise<void> = Promise.resolve();

  constructor(
    private bucket: BucketOptions,
    private readonly clock: Clock,
    private readonly reserve: number,
  ) {
    this.tokens = bucket.capacity;
    this.updatedAt = clock.now();
  }

  get options(): BucketOptions {
    return this.bucket;
  }

  /** Tokens the model believes are available now (for diagnostics and tests). */
  get available(): number {
    this.refill();
    return this.tokens;
  }

  configure(bucket: BucketOptions): void {
    if (bucket.capacity === this.bucket.capacity && bucket.refillMs === this.bucket.refillMs) return;
    this.refill();
    this.bucket = bucket;
    this.tokens = Math.min(this.tokens, bucket.capacity);
  }

  /** Waits until a token is available and takes it. Rejects with an `aborted` error on abort. */
  async take(signal?: AbortSignal): Promise<void> {
    const previous = this.turn;
    let done!: () => void;
    this.turn = new Promise<void>((resolve) => (done = resolve));
    try {
      await raceWithAbort(previous, signal);
      const needed = 1 + Math.min(this.reserve, this.bucket.capacity - 1);
      for (;;) {
        this.refill();
        if (this.tokens >= needed) {
          this.tokens -= 1;
          return;
        }
        const waitMs = Math.ceil((needed - this.tokens) * this.bucket.refillMs);
        await abortableSleep((ms, s) => this.clock.sleep(ms, s), waitMs, signal);
      }
    } finally {
      done();
    }
  }

  /** The server's count of calls left: never believe we have more than that. */
  recordRemaining(remaining: number): void {
    if (!Number.isFinite(remaining)) return;
    this.refill();
    this.tokens = Math.min(this.tokens, Math.max(0, remaining));
  }

  /** The server refused a call for the rate limit: its bucket is empty. */
  recordRateLimited(): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.bucket.capacity, this.tokens + elapsed / this.bucket.refillMs);
    this.updatedAt = now;
  }
}
