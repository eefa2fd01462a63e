import type { Clock } from '../contracts';
import type { BucketOptions } from './bucket-options';
import { resolveBucket } from './bucket-options';
import { RateLimitPacer } from './rate-limit-pacer';

export interface RateLimitPacerRegistryOptions {
  /** Default bucket for API users whose clients do not name one. */
  readonly bucket?: Partial<BucketOptions>;
  /** Required: the one clock the plugin was given. */
  readonly clock: Clock;
  /** Tokens left untouched as slack for calls the model does not see (default 1). */
  readonly reserve?: number;
}

/**
 * One pacer per API user. CartRover's bucket belongs to the API user, not to a client object, so
 * every client of a process that uses the same API user must share one: the plugin holds one
 * registry per process and hands it to each client it builds.
 */
export class RateLimitPacerRegistry {
  private readonly pacers = new Map<string, RateLimitPacer>();
  private readonly fallbackBucket: BucketOptions;
  private readonly clock: Clock;
  private readonly reserve: number;

  constructor(options: RateLimitPacerRegistryOptions) {
    this.fallbackBucket = resolveBucket(options.bucket);
    this.clock = options.clock;
    this.reserve = Math.max(0, options.reserve ?? 1);
  }

  /**
   * The pacer of an API user, created on first use. A bucket given here (a client's `bucket`
   * option) re-configures an existing pacer: the latest configuration wins.
   */
  pacerFor(apiUser: string, bucket?: BucketOptions): RateLimitPacer {
    let pacer = this.pacers.get(apiUser);
    if (!pacer) {
      pacer = new RateLimitPacer(bucket ?? this.fallbackBucket, this.clock, this.reserve);
      this.pacers.set(apiUser, pacer);
    } else if (bucket) {
      pacer.configure(bucket);
    }
    return pacer;
  }

  /** The bucket used for API users whose clients name none. */
  get defaultBucket(): BucketOptions {
    return this.fallbackBucket;
  }

  /** Feeds what a response said about the API user's bucket into its pacer. */
  record(apiUser: string, observed: { hitsRemaining?: number; rateLimited: boolean }, bucket?: BucketOptions): void {
    const pacer = this.pacerFor(apiUser, bucket);
    if (observed.rateLimited) pacer.recordRateLimited();
    if (observed.hitsRemaining !== undefined) pacer.recordRemaining(observed.hitsRemaining);
  }

  /** Forgets a user's pacer (e.g. after its key was rotated or its connection deleted). */
  forget(apiUser: string): void {
    this.pacers.delete(apiUser);
  }
}
