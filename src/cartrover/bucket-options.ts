/** CartRover's leaky bucket: `capacity` calls of burst, one call refilled every `refillMs`. */
export interface BucketOptions {
  readonly capacity: number;
  readonly refillMs: number;
}

/** As documented: 100 calls, one refilled per 0.6 s (100 per minute sustained). */
export const DEFAULT_BUCKET: BucketOptions = { capacity: 100, refillMs: 600 };

export function resolveBucket(bucket: Partial<BucketOptions> | undefined): BucketOptions {
  const capacity = bucket?.capacity ?? DEFAULT_BUCKET.capacity;
  const refillMs = bucket?.refillMs ?? DEFAULT_BUCKET.refillMs;
  if (!Number.isFinite(capacity) || capacity < 1) throw new RangeError('bucket.capacity must be at least 1');
  if (!Number.isFinite(refillMs) || refillMs <= 0) throw new RangeError('bucket.refillMs must be positive');
  return { capacity, refillMs };
}
