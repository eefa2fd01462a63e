import type { PoolLease } from '../contracts';
import type { HeldPermit } from './held-permits';
import { PoolError } from './pool-error';
import type { Lane, QueueEntry } from './waiter-queue';

/** The pool side a waiter needs: where it stands, so it can step out on abort or timeout. */
export interface WaiterHome {
  readonly id: string;
  withdraw(waiter: PermitWaiter): void;
}

/**
 * One acquire that could not be granted at once. It belongs to one pool at a time (re-binding
 * moves it) and settles exactly once: granted by the pool (synchronously, so no permit is ever
 * held by a waiter that gave up), or given up (abort, timeout, unbind, re-bind into a held pool).
 */
export class PermitWaiter implements QueueEntry<PermitWaiter> {
  /** The pool whose queue holds this waiter; undefined once it left the queue. */
  home: WaiterHome | undefined;
  lane: Lane<PermitWaiter> | undefined;
  previous: PermitWaiter | undefined;
  next: PermitWaiter | undefined;
  private settled = false;
  private timer: NodeJS.Timeout | undefined;
  private signal: AbortSignal | undefined;
  private onAbort: (() => void) | undefined;

  constructor(
    readonly connectionId: string,
    readonly priority: number,
    /** Permits the acquiring context held: re-binding into one of those pools is reentrant. */
    readonly held: readonly HeldPermit[] | undefined,
    private readonly resolveLease: (lease: PoolLease) => void,
    private readonly rejectLease: (error: unknown) => void,
  ) {}

  /** Starts the abort and timeout watch; call once the waiter is queued. */
  watch(signal: AbortSignal | undefined, timeoutMs: number | undefined): void {
    if (this.settled) return;
    if (signal) {
      this.signal = signal;
      this.onAbort = () => this.giveUp('aborted');
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
    if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
      this.timer = setTimeout(() => this.giveUp('timeout', timeoutMs), timeoutMs);
    }
  }

  grant(lease: PoolLease): void {
    if (this.settle()) this.resolveLease(lease);
    else lease.release(); // unreachable (settled waiters are in no queue), but never leak a permit
  }

  fail(error: unknown): void {
    if (this.settle()) this.rejectLease(error);
  }

  private giveUp(code: 'aborted' | 'timeout', timeoutMs?: number): void {
    const home = this.home;
    if (this.settled || !home) return;
    home.withdraw(this);
    this.fail(
      code === 'aborted'
        ? new PoolError('aborted', home.id, `Gave up waiting for a permit of concurrency pool ${home.id}: aborted`, {
            cause: this.signal?.reason,
          })
        : new PoolError('timeout', home.id, `Timed out after ${timeoutMs} ms waiting for a permit of concurrency pool ${home.id}`),
    );
  }

  /** Marks the waiter settled and stops watching; false when it already was. */
  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.onAbort) this.signal!.removeEventListener('abort', this.onAbort);
    this.timer = undefined;
    this.signal = undefined;
    this.onAbort = undefined;
    return true;
  }
}
