/** Samples older than this are dropped: clock drift and steps of the Redis host stay bounded. */
const SAMPLE_WINDOW_MS = 10_000;

/**
 * This process's estimate of Redis time on its own monotonic clock (`performance.now()`, which
 * keeps counting while the process is stopped), for fencing: a permit is used only while its
 * lease (an expiry in Redis time) is provably valid.
 *
 * A sample is a Redis time `t` read by a command sent at local time `s`: Redis read `t` after `s`,
 * so at local time `x` Redis time is at most `t + (x - s)`. The tightest bound over recent samples
 * gives the earliest local time at which an expiry may have passed in Redis: before it, the lease
 * is certainly still there (unless reclaimed from a process whose connection Redis saw close).
 */
export class RedisClock {
  private samples: { readonly at: number; readonly offset: number }[] = [];

  /** `sentAt`: `performance.now()` when the command that read `redisNowMs` was sent. */
  sample(sentAt: number, redisNowMs: number): void {
    const now = performance.now();
    this.samples = this.samples.filter((sample) => now - sample.at < SAMPLE_WINDOW_MS);
    this.samples.push({ at: sentAt, offset: redisNowMs - sentAt });
  }

  /** Forgets every sample (a reconnect may reach another Redis, with another clock). */
  reset(): void {
    this.samples = [];
  }

  get known(): boolean {
    return this.samples.length > 0;
  }

  /**
   * The local time (`performance.now()`) before which Redis time has certainly not reached
   * `redisTimeMs`; -Infinity without samples (nothing can be proven then).
   */
  localDeadline(redisTimeMs: number): number {
    if (this.samples.length === 0) return Number.NEGATIVE_INFINITY;
    const offset = Math.min(...this.samples.map((sample) => sample.offset));
    return redisTimeMs - offset;
  }
}
