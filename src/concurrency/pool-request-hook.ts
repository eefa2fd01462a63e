import type { PoolRegistry } from '../contracts';
import { runHoldingPermit } from './held-permits';

/** What the CartRover client tells a hook about the one HTTP attempt it wraps. */
export interface RequestAttemptInfo {
  readonly method: string;
  readonly path: string;
  /** 1 for the first attempt; retries call the hook again (their waits happen outside it). */
  readonly attempt: number;
  readonly signal?: AbortSignal;
  /** The attempt's own timeout (ms): the default cool-down of a permit whose attempt timed out. */
  readonly timeoutMs?: number;
}

/** Wraps exactly one HTTP attempt of the CartRover client. */
export type RequestHook = <T>(send: () => Promise<T>, info: RequestAttemptInfo) => Promise<T>;

export interface PoolRequestHookOptions {
  /** Give up waiting for a permit after this long (a `PoolError` with code `timeout`). */
  readonly acquireTimeoutMs?: number;
  /** Higher is served first within the pool; FIFO within a priority. */
  readonly priority?: number;
  /**
   * How long a permit stays held after its attempt ended without an answer (timed out, connection
   * lost after sending): CartRover may still be working on that request, and a new one in its place
   * would put more than the level in flight there. Default: the attempt's timeout.
   */
  readonly coolDownMs?: number;
}

/** Node network codes that mean the request never reached the server (no cool-down needed). */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether the server may still be working on an attempt that failed this way: no HTTP answer came
 * (a timeout, a connection lost after sending). Duck-typed on the CartRover client's error (`kind`,
 * `networkCode`): this module does not depend on the client.
 *
 * An attempt its caller aborted is not cooled down: nothing says CartRover is slow, and an export
 * that drops its own read-ahead pages (or a stopped run) would otherwise hold every permit of the
 * pool for a whole request timeout and stall it.
 */
export function mayStillBeRunning(error: unknown): boolean {
  const { kind, networkCode } = (error ?? {}) as { kind?: unknown; networkCode?: unknown };
  if (kind === 'timeout') return true;
  if (kind === 'network') return !(typeof networkCode === 'string' && NEVER_SENT_CODES.has(networkCode));
  return false;
}

/**
 * Holds one permit of the connection's current pool for the duration of one attempt. `send` runs
 * marked as holding the permit, so a nested request to the same pool fails with `reentrant`
 * instead of deadlocking. The permit goes back when the attempt ends, or, when it ended without an
 * answer ({@link mayStillBeRunning}), after the cool-down: the caller hears of the failure at once,
 * only the permit waits, so CartRover never sees more than the level in flight.
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
      const result = await runHoldingPermit(lease, send);
      lease.release();
      return result;
    } catch (error) {
      const coolDownMs = options.coolDownMs ?? info.timeoutMs ?? 0;
      lease.release(mayStillBeRunning(error) ? coolDownMs : 0);
      throw error;
    }
  };
}
