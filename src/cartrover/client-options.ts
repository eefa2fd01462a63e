import type { Clock, Logger } from '../contracts';
import type { BucketOptions } from './bucket-options';
import type { CredentialsProvider } from './credentials';
import type { ConnectionCircuit } from './connection-circuit';
import type { RateLimitPacerRegistry } from './rate-limit-pacer-registry';

/** What the request hook learns about the one attempt it wraps. */
export interface RequestHookInfo {
  readonly method: string;
  /** Path without query string. */
  readonly path: string;
  /** 1 for the first attempt of a call, 2 for its first retry, ... */
  readonly attempt: number;
  readonly signal?: AbortSignal;
  /** The attempt's timeout (ms). */
  readonly timeoutMs?: number;
}

/**
 * Wraps exactly one wire attempt (e.g. to hold a concurrency permit for its duration). Pacing and
 * retry waits happen outside it, so a waiting call holds nothing. `send` rejects with a
 * CartRoverError when the attempt fails; whatever the hook itself throws reaches the caller as is.
 */
export type RequestHook = <T>(send: () => Promise<T>, info: RequestHookInfo) => Promise<T>;

export interface RetryOptions {
  /** Attempts per call, the first included (default 5). */
  readonly maxAttempts?: number;
  /** Backoff base: the n-th retry waits up to baseDelayMs * 2^(n-1), full jitter (default 600). */
  readonly baseDelayMs?: number;
  /** Cap of one backoff delay (default 30 000). */
  readonly maxDelayMs?: number;
  /** No retry is started when the call has run this long including the wait (default 120 000). */
  readonly maxTotalMs?: number;
}

export interface CartRoverClientOptions {
  /** e.g. https://api.cartrover.com (host configuration, never a user-editable field). */
  readonly baseUrl: string;
  readonly credentials: CredentialsProvider;
  /** Per-attempt timeout in ms (default 30 000). */
  readonly timeoutMs?: number;
  readonly requestHook?: RequestHook;
  /** The connection's circuit breaker (shared by its clients); none: every request is sent. */
  readonly circuit?: ConnectionCircuit;
  readonly retry?: RetryOptions;
  /**
   * Rate-limit pacing of reads. Share one registry per process (the bucket is per API user).
   * Default: a registry private to this client; `false` disables pacing.
   */
  readonly pacer?: RateLimitPacerRegistry | false;
  /** The API user's leaky bucket (default 100 calls, one refilled per 600 ms). */
  readonly bucket?: Partial<BucketOptions>;
  readonly logger?: Logger;
  /** Required: the host's clock (or `systemClock`), injected once; nothing falls back to `Date.now()`. */
  readonly clock: Clock;
}

/** Per-call options. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface ResolvedRetryOptions {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxTotalMs: number;
}

export function resolveRetryOptions(retry: RetryOptions | undefined): ResolvedRetryOptions {
  const resolved = {
    maxAttempts: retry?.maxAttempts ?? 5,
    baseDelayMs: retry?.baseDelayMs ?? 600,
    maxDelayMs: retry?.maxDelayMs ?? 30_000,
    maxTotalMs: retry?.maxTotalMs ?? 120_000,
  };
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) throw new RangeError('retry.maxAttempts must be an integer >= 1');
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxTotalMs'] as const) {
    if (!Number.isFinite(resolved[key]) || resolved[key] < 0) throw new RangeError(`retry.${key} must be >= 0`);
  }
  return resolved;
}
