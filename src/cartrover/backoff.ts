/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * a uniform random delay in [0, min(maxDelayMs, baseDelayMs * 2^(retry-1))]. Full jitter spreads
 * the retries of many concurrent callers instead of synchronising them.
 *
 * `retry` counts from 1 (the first retry).
 */
export function fullJitterBackoff(
  retry: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(retry - 1, 0), 30); // 2^30 already exceeds any sane cap
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
