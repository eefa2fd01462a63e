import type { PermitGrants } from './permit-grants';
import { RedisLease } from './redis-lease';
import { queuedWaiters, type RedisPoolProcess } from './redis-pool-process';
import { MAX_HOLDS_PER_SLICE } from './redis-pool-settings';
import type { RedisWaiter } from './redis-waiter';

/**
 * Time slices: a permit Redis granted serves this process for `localSliceMs` (at most
 * {@link MAX_HOLDS_PER_SLICE} holds). Released within it, it stays a lease in Redis (same member,
 * same count) and goes to this process's first queued waiter of the pool, or to a caller of the
 * same turn of the event loop, without any command; after the slice it goes back to Redis. A
 * lowered level, a lost or unproven lease, or Redis away ends the slice at once.
 */
export class SliceHandOff {
  /** Released permits kept for an acquire of this process in the same turn of the event loop. */
  private readonly lingering: RedisLease[] = [];
  private lingerFlush: NodeJS.Immediate | undefined;
  private handOffs = 0;

  constructor(
    private readonly process: RedisPoolProcess,
    private readonly grants: PermitGrants,
  ) {}

  /** Permits passed from one holder to the next within their slices, without Redis (diagnostics). */
  get count(): number {
    return this.handOffs;
  }

  /** A permit released by its holder: kept for the next holder of this process, or back to Redis. */
  released(lease: RedisLease): void {
    if (this.mayHandOn(lease)) this.linger(lease);
    else this.grants.sendRelease(lease);
  }

  /**
   * Whether a released permit may go to another holder of this process without Redis: within its
   * slice (time and holds), and only while the pool's level is not below the one it was granted
   * under (a lowered level takes it back to Redis); never a lease the heartbeat found lost, nor
   * while Redis is away.
   */
  private mayHandOn(lease: RedisLease): boolean {
    const level = this.process.view.levelOf(lease.poolId);
    const inSlice = performance.now() < lease.sliceEndsAt && lease.holdsInSlice < MAX_HOLDS_PER_SLICE;
    return (
      inSlice &&
      level !== undefined &&
      lease.grantLevel <= level &&
      !lease.lost &&
      this.grants.provablyValid(lease) &&
      !this.process.closed &&
      this.process.connection.ready
    );
  }

  /**
   * An acquire of this process: a permit of the pool released in this turn goes to this process's
   * first queued waiter (FIFO within the process stays exact); one of the same priority is served
   * and this caller takes over its place in line (`adopt`), without a command. Returns the lease
   * for a caller served at once, or the place to adopt, or nothing (the caller asks Redis).
   */
  serve(
    poolId: string,
    connectionId: string,
    priority: number,
    tryOnly: boolean,
  ): { readonly lease: RedisLease } | { readonly adopt: RedisWaiter; readonly kept: RedisLease } | undefined {
    const kept = this.takeLingering(poolId);
    if (!kept) return undefined;
    const first = this.firstWaiter(poolId);
    if (!first || first.priority < priority) return { lease: this.handOnTo(kept, connectionId) };
    if (first.priority > priority || tryOnly) {
      this.handOff(kept, first);
      return undefined;
    }
    return { adopt: first, kept };
  }

  /**
   * Serves a queued waiter with a permit passed on, leaving its place in line (member and id) to
   * the caller that takes it over: no withdraw, no new place. A grant Redis already made to that
   * place goes to the new owner, who earned it by the same place.
   */
  grantInPlaceOf(lease: RedisLease, waiter: RedisWaiter): void {
    this.grants.deliver(waiter, this.nextHolderLease(lease, waiter.connectionId));
  }

  /**
   * Keeps a released permit until the end of this turn of the event loop: a caller that releases
   * and acquires again at once (a flow's next request) then costs no command. At `setImmediate`, or
   * before this process sends any other command, it goes to the first queued waiter here or back
   * to Redis (a later `stats` or acquire sees it as if that had happened at once).
   */
  private linger(lease: RedisLease): void {
    this.lingering.push(lease);
    this.lingerFlush ??= setImmediate(() => this.flush());
  }

  /** A permit of the pool released in this turn that may still be passed on, taken out of the lingering ones. */
  private takeLingering(poolId: string): RedisLease | undefined {
    const index = this.lingering.findIndex((lease) => lease.poolId === poolId);
    if (index < 0) return undefined;
    const [lease] = this.lingering.splice(index, 1);
    if (this.mayHandOn(lease)) return lease;
    this.grants.sendRelease(lease);
    return undefined;
  }

  /** Passes on or returns every permit released in this turn (before any other command goes out). */
  flush(): void {
    if (this.lingering.length === 0) return;
    if (this.lingerFlush) clearImmediate(this.lingerFlush);
    this.lingerFlush = undefined;
    const leases = this.lingering.splice(0);
    for (const lease of leases) {
      const next = this.mayHandOn(lease) ? this.firstWaiter(lease.poolId) : undefined;
      if (next) this.handOff(lease, next);
      else this.grants.sendRelease(lease);
    }
  }

  /** This process's first waiter (priority, then place in line) queued in the pool and still bound to it. */
  private firstWaiter(poolId: string): RedisWaiter | undefined {
    let first: RedisWaiter | undefined;
    for (const waiter of queuedWaiters(this.process, poolId)) {
      if (this.process.view.poolOf(waiter.connectionId) !== poolId) continue;
      if (!first || waiter.priority > first.priority || (waiter.priority === first.priority && waiter.member! < first.member!)) first = waiter;
    }
    return first;
  }

  /**
   * Passes a held permit to a waiter of this process: the lease stays in Redis (same member, same
   * count), the waiter leaves its place in line (a permit Redis granted it meanwhile goes back).
   */
  private handOff(lease: RedisLease, waiter: RedisWaiter): void {
    this.process.waiters.delete(waiter.id);
    void this.grants.withdraw(waiter, 'release');
    this.grants.deliver(waiter, this.nextHolderLease(lease, waiter.connectionId));
  }

  /** Gives a permit passed on to a caller that did not wait. */
  private handOnTo(lease: RedisLease, connectionId: string): RedisLease {
    const next = this.nextHolderLease(lease, connectionId);
    this.grants.taken(next);
    return next;
  }

  /** The same permit (the same lease in Redis) for the next holder of this process: one more hold in its slice. */
  private nextHolderLease(lease: RedisLease, connectionId: string): RedisLease {
    this.handOffs++;
    return new RedisLease(lease.owner, lease.poolId, connectionId, lease.id, lease.sliceEndsAt, lease.grantLevel, lease.holdsInSlice + 1, lease.validUntil);
  }
}
