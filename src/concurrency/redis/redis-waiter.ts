import type { PoolLease } from '../../contracts';
import type { HeldPermit } from '../held-permits';
import type { AbortFanout } from './abort-fanout';

/**
 * Where a waiter stands in Redis: being added to a pool's line, in the line (its `member` known),
 * or being moved to another pool (re-bind).
 */
export type WaiterPhase = 'enqueuing' | 'queued' | 'moving';

/**
 * One acquire of this process that Redis has not granted yet. It settles exactly once: granted
 * (by the script that freed a permit, announced on pub/sub or found by the heartbeat) or failed
 * (abort, timeout, unbind, queue full, Redis away). A waiter that failed while a script about it
 * was in flight is cleaned up when that script answers (its permit, if one came, goes back).
 */
export class RedisWaiter {
  phase: WaiterPhase = 'enqueuing';
  /** The pool whose line holds (or will hold) this waiter. */
  poolId: string;
  /** `<seq>|<id>` in the pool's waiter ZSET, once queued. */
  member: string | undefined;
  outcome: 'granted' | 'failed' | undefined;
  private failure: { readonly error: unknown } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private signal: AbortSignal | undefined;
  private stopAbortWatch: (() => void) | undefined;

  constructor(
    readonly id: string,
    readonly connectionId: string,
    poolId: string,
    readonly priority: number,
    /** Permits the acquiring context held: re-binding into one of those pools is reentrant. */
    readonly held: readonly HeldPermit[] | undefined,
    private readonly resolveLease: (lease: PoolLease) => void,
    private readonly rejectLease: (error: unknown) => void,
  ) {
    this.poolId = poolId;
  }

  get settled(): boolean {
    return this.outcome !== undefined;
  }

  /** Calls `giveUp` on abort (through the registry's shared listener) or after `timeoutMs`. */
  watch(
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
    aborts: AbortFanout,
    giveUp: (reason: 'aborted' | 'timeout') => void,
  ): void {
    if (signal) {
      this.signal = signal;
      this.stopAbortWatch = aborts.watch(signal, () => giveUp('aborted'));
    }
    if (timeoutMs !== undefined && Number.isFinite(timeoutMs) && timeoutMs > 0) {
      this.timer = setTimeout(() => giveUp('timeout'), timeoutMs);
    }
  }

  get abortReason(): unknown {
    return this.signal?.reason;
  }

  grant(lease: PoolLease): boolean {
    if (this.settled) return false;
    this.outcome = 'granted';
    this.stopWatching();
    this.resolveLease(lease);
    return true;
  }

  fail(error: unknown): boolean {
    if (!this.failLater(error)) return false;
    this.flushFailure();
    return true;
  }

  /**
   * Settles as failed now (no grant can win any more) but rejects the caller only at
   * {@link flushFailure}, once the script that takes it out of the line has been sent: by the time
   * the caller sees the error, a later command (stats, acquire) no longer counts this waiter.
   */
  failLater(error: unknown): boolean {
    if (this.settled) return false;
    this.outcome = 'failed';
    this.failure = { error };
    this.stopWatching();
    return true;
  }

  flushFailure(): void {
    const failure = this.failure;
    if (!failure) return;
    this.failure = undefined;
    this.rejectLease(failure.error);
  }

  private stopWatching(): void {
    if (this.timer) clearTimeout(this.timer);
    this.stopAbortWatch?.();
    this.timer = undefined;
    this.stopAbortWatch = undefined;
  }
}
