/**
 * Concurrency pools: at most `level` permits of a pool are held at once. Connections are members
 * of exactly one pool; a borrowing connection is bound to its root lender's pool.
 * Async and keyed by strings so that a backend shared across processes can implement it.
 */
export interface AcquireOptions {
  readonly signal?: AbortSignal;
  /** Give up waiting after this long (a `PoolError` with code `timeout`). */
  readonly timeoutMs?: number;
  /** Higher is served first; FIFO within a priority. Default 0. */
  readonly priority?: number;
}

export interface PoolLease {
  /** The pool that granted this permit; release always goes back to it, even after a re-bind. */
  readonly poolId: string;
  readonly connectionId: string;
  /**
   * Returns the permit. Idempotent: a second call does nothing. `coolDownMs`: the permit still
   * counts for that long (the request it covered ended without an answer and may still be running
   * at the server); the caller is not held up, and a registry closing waits for it.
   */
  release(coolDownMs?: number): void;
}

export interface PoolStats {
  readonly poolId: string;
  /** The level in effect: on a shared backend, the lowest declared by a live participant. */
  readonly level: number;
  /** The level this process declared, when another participant's lower one is in effect (Redis). */
  readonly declaredLevel?: number;
  readonly inFlight: number;
  readonly queued: number;
  readonly connectionIds: readonly string[];
}

/** `unavailable`: the shared backend (Redis) cannot be reached; the request is refused, never run unlimited. */
export type PoolErrorCode = 'timeout' | 'aborted' | 'queue_full' | 'reentrant' | 'unknown_pool' | 'unbound' | 'unavailable';

export interface PoolRegistry {
  /** Creates the pool or changes its level (1..25). Lowering never preempts holders. */
  configure(poolId: string, level: number): Promise<void>;
  /** Removes a pool that has no members. */
  remove(poolId: string): Promise<void>;
  /**
   * Makes `connectionId` a member of `poolId`. If it was in another pool, its queued waiters move
   * to the new pool in their order; its held permits stay with (and return to) the old pool.
   */
  bind(connectionId: string, poolId: string): Promise<void>;
  unbind(connectionId: string): Promise<void>;
  /** The pool a connection is bound to, if any. */
  poolOf(connectionId: string): string | undefined;
  /** Waits for a permit of the connection's current pool. */
  acquire(connectionId: string, options?: AcquireOptions): Promise<PoolLease>;
  stats(): Promise<readonly PoolStats[]>;
  /**
   * Optional, for registries with a connection (Redis): resolves once usable, rejects with a clear
   * error when the backend cannot be reached. A host awaits it to refuse to start without it.
   */
  whenReady?(): Promise<void>;
  /** Optional: fails this process's waiters, returns its permits and disconnects (host shutdown). */
  close?(): Promise<void>;
}
