/**
 * CartRover's rate limit (reference §7): a bucket of `capacity` calls per API user that refills
 * one call every `refillMs`. Tokens are computed lazily from the time of the last take.
 */
import type { BucketSetting } from './public-types';

export type BucketVerdict =
  | { allowed: true; remaining: number }
  | { allowed: false; remaining: 0; retryAfterSeconds: number };

class LeakyBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(private readonly setting: BucketSetting, now: number) {
    this.tokens = setting.capacity;
    this.updatedAt = now;
  }

  take(now: number): BucketVerdict {
    const refilled = (now - this.updatedAt) / this.setting.refillMs;
    this.tokens = Math.min(this.setting.capacity, this.tokens + Math.max(0, refilled));
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true, remaining: Math.floor(this.tokens) };
    }
    // Seconds until one whole token is back, rounded up, at least 1 (a Retry-After of 0 invites a hot loop).
    const waitMs = (1 - this.tokens) * this.setting.refillMs;
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}

/** One bucket per API user, created full on first use. */
export class BucketRegistry {
  private readonly buckets = new Map<string, LeakyBucket>();

  constructor(private setting: BucketSetting) {}

  /** Changes the setting and refills every bucket. */
  reset(setting: BucketSetting): void {
    this.setting = setting;
    this.buckets.clear();
  }

  take(apiUser: string, now: number): BucketVerdict {
    let bucket = this.buckets.get(apiUser);
    if (!bucket) {
      bucket = new LeakyBucket(this.setting, now);
      this.buckets.set(apiUser, bucket);
    }
    return bucket.take(now);
  }
}
