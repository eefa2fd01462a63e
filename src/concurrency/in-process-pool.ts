import { Semaphore } from 'async-mutex';
import type { PoolLease, PoolStats } from '../contracts';
import { reentrantError } from './acquire-checks';
import { holdsPermitOf } from './held-permits';
import { InProcessLease, type PermitReturn } from './in-process-lease';
import type { PermitWaiter, WaiterHome } from './permit-waiter';
import { PoolError } from './pool-error';
import { WaiterQueue } from './waiter-queue';

/**
 * One concurrency pool in this process. The async-mutex `Semaphore` counts the permits; the
 * waiting line is ours ({@link WaiterQueue}), in front of it, so that one waiter can leave (abort,
 * timeout, re-bind) without `cancel()`, which would reject every waiter of the pool.
 *
 * The semaphore is asked for a permit only when it has one, so its own queue stays empty and its
 * `acquire()` takes the permit synchronously: the grant is immediate (no window in which a waiter
 * that gave up could still be handed a permit, hence no tombstones). The permit goes back with
 * `release()`, exactly once, because the lease guards it (async-mutex's scoped releaser arrives
 * only through its promise, a microtask later). `inFlight` always equals `level - getValue()`.
 */
export class InProcessPool implements PermitReturn, WaiterHome {
  readonly members = new Set<string>();
  /** Removed from the registry's view; kept until its in-flight permits come back. */
  retired = false;
  private currentLevel: number;
  private holders = 0;
  private grantCount = 0;
  private returnCount = 0;
  private readonly semaphore: Semaphore;
  private readonly queue = new WaiterQueue<PermitWaiter>();

  constructor(
    readonly id: string,
    level: number,
    private readonly maxQueued: number,
    /** Called when a retired pool has no permit out any more, so the registry can forget it. */
    private readonly onDrained: (pool: InProcessPool) => void,
  ) {
    this.currentLevel = level;
    this.semaphore = new Semaphore(level);
  }

  get level(): number {
    return this.currentLevel;
  }

  get inFlight(): number {
    return this.holders;
  }

  get queued(): number {
    return this.queue.size;
  }

  /** Grants issued and permits returned since creation (diagnostics and tests). */
  get counts(): { readonly granted: number; readonly returned: number } {
    return { granted: this.grantCount, returned: this.returnCount };
  }

  stats(): PoolStats {
    return {
      poolId: this.id,
      level: this.currentLevel,
      inFlight: this.holders,
      queued: this.queue.size,
      connectionIds: [...this.members].sort(),
    };
  }

  /** The fast path: a lease at once when nobody waits and a permit is free, else undefined. */
  tryGrantNow(connectionId: string): PoolLease | undefined {
    if (this.queue.size > 0 || this.semaphore.getValue() <= 0) return undefined;
    return this.takePermit(connectionId);
  }

  /** Queues a waiter behind the others (bounded); rejects it with `queue_full` past the bound. */
  enqueue(waiter: PermitWaiter): boolean {
    if (this.queue.size >= this.maxQueued) {
      waiter.fail(
        new PoolError('queue_full', this.id, `Concurrency pool ${this.id} queue is full (${this.queue.size} waiting)`),
      );
      return false;
    }
    this.place(waiter);
    this.dispatchWaiters(); // a permit may have come free between the fast-path check and now
    return true;
  }

  withdraw(waiter: PermitWaiter): void {
    this.queue.remove(waiter);
    waiter.home = undefined;
  }

  /** Takes out the queued waiters of a connection, in their order (for re-binding). */
  takeWaitersOf(connectionId: string): PermitWaiter[] {
    const taken = this.queue.removeWhere((waiter) => waiter.connectionId === connectionId);
    for (const waiter of taken) waiter.home = undefined;
    return taken;
  }

  /**
   * Takes in waiters moved from another pool, behind the waiters already here (their relative
   * order kept). The queue bound is not applied: a re-bind must not lose waiters.
   */
  adopt(waiters: readonly PermitWaiter[]): void {
    for (const waiter of waiters) {
      if (holdsPermitOf(waiter.held, this.id)) {
        waiter.fail(reentrantError(waiter.connectionId, this.id));
        continue;
      }
      this.place(waiter);
    }
    this.dispatchWaiters();
  }

  /** Changes the level by a delta (never `setValue` absolute: that would forget held permits). */
  resize(level: number): void {
    const delta = level - this.currentLevel;
    if (delta === 0) return;
    this.currentLevel = level;
    // Lowering may make the value negative: new grants then wait until in-flight < level.
    this.semaphore.setValue(this.semaphore.getValue() + delta);
    this.dispatchWaiters();
  }

  returnPermit(): void {
    this.semaphore.release();
    this.holders--;
    this.returnCount++;
    if (this.queue.size > 0) this.dispatchWaiters();
    else if (this.retired && this.holders === 0) this.onDrained(this);
  }

  private place(waiter: PermitWaiter): void {
    waiter.home = this;
    this.queue.push(waiter);
  }

  private dispatchWaiters(): void {
    while (this.queue.size > 0 && this.semaphore.getValue() > 0) {
      const waiter = this.queue.shift()!;
      waiter.home = undefined;
      waiter.grant(this.takePermit(waiter.connectionId));
    }
  }

  /** Takes one permit now: with a free permit and an empty queue, the semaphore dispatches synchronously. */
  private takePermit(connectionId: string): PoolLease {
    void this.semaphore.acquire(); // resolves at once; the lease, not its releaser, returns the permit
    this.holders++;
    this.grantCount++;
    return new InProcessLease(this, connectionId);
  }
}
