import type { PoolRegistry } from '../contracts';
import { runHoldingPermit } from './held-permits';

/** What the CartRover client tells a hook about the one HTTP attempt it wraps. */
export interface RequestAttemptInfo {
  readonly method: string;
  readonly path: string;
  /** 1 for the first attempt; retries call the hook again (their waits happen outside it). */
  readonly attempt: number;
  readonly signal?: AbortSignal;
}

/** Wraps exactly one HTTP attempt of the CartRover client. */
export type RequestHook = <T>(send: () => Promise<T>, info: RequestAttemptInfo) => Promise<T>;

export interface PoolRequestHookOptions {
  /** Give up waiting for a permit after this long (a `PoolError` with code `timeout`). */
  readonly acquireTimeoutMs?: number;
  /** Higher is served first within the pool; FIFO within a priority. */
  readonly priority?: number;
}

/**
 * Holds one permit of the connection's current pool for exactly the duration of one attempt.
 * `send` runs marked as holding the permit, so a nested request to the same pool fails with
 * `reentrant` instead of deadlocking. The permit goes back in `finally`, whatever the outcome.
 */
export function createPoolRequestHook(
  registry: PoolRegistry,
  connectionId: string,
  options: PoolRequestHookOptions = {},
): RequestHook {
  return async <T>(send: () => Promise<T>, info: RequestAttemptInfo): Promise<T> => {
    const lease = await registry.acquire(connectionId, {
      signal: info.signal,
      timeoutMs: options.acquireTimeoutMs,
      priority: options.priority,
    });
    try {
      return await runHoldingPermit(lease, send);
    } finally {
      lease.release();
    }
  };
}
