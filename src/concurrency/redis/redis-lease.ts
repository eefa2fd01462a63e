import type { PoolLease } from '../../contracts';

/** Where a Redis lease sends its release: the pool that granted it, whatever the bindings now. */
export interface LeaseReturn {
  returnLease(lease: RedisLease, coolDownMs?: number): void;
}

/**
 * A permit of a Redis pool: member `id` of that pool's lease ZSET, kept alive by the process's
 * heartbeat until released. `release` is synchronous for the caller (the contract's), the script
 * is sent at once and retried by the heartbeat if Redis was away; an unreturned lease expires by
 * its TTL.
 */
export class RedisLease implements PoolLease {
  private isReleased = false;
  /** Set when the heartbeat found the lease gone (expired during a stall longer than its TTL). */
  lost = false;

  constructor(
    readonly owner: LeaseReturn,
    readonly poolId: string,
    readonly connectionId: string,
    readonly id: string,
    /** Until then (`performance.now()`) the permit may go on to the next holder of this process without Redis. */
    readonly sliceEndsAt = 0,
    /** The pool's level when Redis granted the permit: passed on only while the level is not lower. */
    readonly grantLevel = Number.POSITIVE_INFINITY,
    /** Holds of this permit in its current slice, this one included. */
    readonly holdsInSlice = 1,
    /**
     * Fencing: until then (`performance.now()`) the lease is certainly still in Redis (see
     * `redis-clock.ts`); moved forward by every renewal. Used only before it, by a margin.
     */
    public validUntil = Number.POSITIVE_INFINITY,
  ) {}

  /** True once released; lets the reentrancy check ignore permits given back early. */
  get released(): boolean {
    return this.isReleased;
  }

  release(coolDownMs = 0): void {
    if (this.isReleased) return;
    this.isReleased = true;
    this.owner.returnLease(this, coolDownMs);
  }
}
