import type { AcquireOptions, PoolLease, PoolRegistry, PoolStats } from '../contracts';
import { acquireRefusal } from './acquire-checks';
import { currentHeldPermits } from './held-permits';
import { InProcessPool } from './in-process-pool';
import { PermitWaiter } from './permit-waiter';
import { PoolError } from './pool-error';

/*
 * The shared backend, `redis/redis-pool-registry.ts`, implements the same PoolRegistry contract
 * (the contract tests run against both). Where it differs from this one: the waiting line is in
 * Redis (a ZSET ordered by priority, then arrival at Redis), not in this process, so FIFO holds
 * across processes; permits are leases with a TTL (Redis TIME) renewed by one heartbeat per
 * process, so a crashed process's permits come back by themselves; bindings are shared and
 * mirrored locally for the synchronous `poolOf`. The hash tag `{p:<poolId>}` keeps a pool's keys
 * in one Redis Cluster slot for its Lua scripts.
 */

/** Bound on queued waiters per pool (a shed request fails fast with `queue_full`). */
export const DEFAULT_MAX_QUEUED_PER_POOL = 10_000;
/**
 * The least level a pool may have. A registry requires nothing more: the upper bound and the
 * default are the connection form schema's (`concurrency/connection-level-range.ts`).
 */
export const MIN_POOL_LEVEL = 1;

export interface InProcessPoolRegistryOptions {
  /** Waiters a pool queues before refusing with `queue_full`; default {@link DEFAULT_MAX_QUEUED_PER_POOL}. */
  readonly maxQueuedPerPool?: number;
}

/**
 * Pools of this process on async-mutex semaphores. A connection is a member of at most one pool;
 * each lease returns to the pool that granted it, so re-binding while busy never over-credits
 * the new pool nor leaks the old one.
 */
export class InProcessPoolRegistry implements PoolRegistry {
  /** Configured pools, plus retired ones until their last permit comes back. */
  private readonly pools = new Map<string, InProcessPool>();
  private readonly bindings = new Map<string, InProcessPool>();
  private readonly maxQueuedPerPool: number;

  constructor(options: InProcessPoolRegistryOptions = {}) {
    const maxQueued = options.maxQueuedPerPool ?? DEFAULT_MAX_QUEUED_PER_POOL;
    if (!Number.isInteger(maxQueued) || maxQueued < 0) {
      throw new RangeError(`maxQueuedPerPool must be a non-negative integer, got ${maxQueued}`);
    }
    this.maxQueuedPerPool = maxQueued;
  }

  async configure(poolId: string, level: number): Promise<void> {
    if (!Number.isInteger(level) || level < MIN_POOL_LEVEL) {
      throw new RangeError(`Concurrency level of pool ${poolId} must be a whole number of at least ${MIN_POOL_LEVEL}, got ${level}`);
    }
    const existing = this.pools.get(poolId);
    if (existing) {
      existing.retired = false; // configured again before its old permits drained: same permits
      existing.resize(level);
      return;
    }
    this.pools.set(poolId, new InProcessPool(poolId, level, this.maxQueuedPerPool, (pool) => this.forget(pool)));
  }

  async remove(poolId: string): Promise<void> {
    const pool = this.pools.get(poolId);
    if (!pool || pool.retired) return;
    if (pool.members.size > 0) {
      throw new Error(`Concurrency pool ${poolId} still has members: ${[...pool.members].sort().join(', ')}`);
    }
    pool.retired = true;
    // Permits still out return to this very object; a pool of the same id configured meanwhile
    // revives it, so in-flight requests keep counting against the level.
    if (pool.inFlight === 0) this.forget(pool);
  }

  async bind(connectionId: string, poolId: string): Promise<void> {
    const target = this.pools.get(poolId);
    if (!target || target.retired) {
      throw new PoolError('unknown_pool', poolId, `Unknown concurrency pool ${poolId}`);
    }
    const previous = this.bindings.get(connectionId);
    if (previous === target) return;
    // New requests use the new pool from here on; held permits stay with (and return to) the old.
    this.bindings.set(connectionId, target);
    target.members.add(connectionId);
    if (previous) {
      previous.members.delete(connectionId);
      target.adopt(previous.takeWaitersOf(connectionId));
    }
  }

  async unbind(connectionId: string): Promise<void> {
    const pool = this.bindings.get(connectionId);
    if (!pool) return;
    this.bindings.delete(connectionId);
    pool.members.delete(connectionId);
    for (const waiter of pool.takeWaitersOf(connectionId)) {
      waiter.fail(
        new PoolError('unbound', pool.id, `Connection ${connectionId} was unbound from concurrency pool ${pool.id} while waiting`),
      );
    }
  }

  poolOf(connectionId: string): string | undefined {
    return this.bindings.get(connectionId)?.id;
  }

  acquire(connectionId: string, options?: AcquireOptions): Promise<PoolLease> {
    const pool = this.bindings.get(connectionId);
    const refusal = acquireRefusal(connectionId, pool?.id, options);
    if (refusal || !pool) return Promise.reject(refusal);
    const held = currentHeldPermits();
    const signal = options?.signal;
    const timeoutMs = options?.timeoutMs;
    const priority = options?.priority ?? 0;
    const immediate = pool.tryGrantNow(connectionId);
    if (immediate) return Promise.resolve(immediate);
    if (timeoutMs === 0) {
      return Promise.reject(new PoolError('timeout', pool.id, `No permit of concurrency pool ${pool.id} is free`));
    }
    return new Promise<PoolLease>((resolve, reject) => {
      const waiter = new PermitWaiter(connectionId, priority, held, resolve, reject);
      if (pool.enqueue(waiter)) waiter.watch(signal, timeoutMs);
    });
  }

  async stats(): Promise<readonly PoolStats[]> {
    const stats: PoolStats[] = [];
    for (const pool of this.pools.values()) if (!pool.retired) stats.push(pool.stats());
    return stats;
  }

  /** Grants issued and permits returned by a pool since it was created (tests, diagnostics). */
  permitCounts(poolId: string): { readonly granted: number; readonly returned: number } | undefined {
    return this.pools.get(poolId)?.counts;
  }

  private forget(pool: InProcessPool): void {
    if (pool.retired && this.pools.get(pool.id) === pool) this.pools.delete(pool.id);
  }
}
