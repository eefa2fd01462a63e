import type { Clock, Logger } from '../../contracts';
import { DEFAULT_MAX_QUEUED_PER_POOL } from '../in-process-pool-registry';

export const DEFAULT_REDIS_KEY_PREFIX = 'cartrover-pools';
/**
 * Safety: a lease lives this long without renewal, so a stall of a process or of Redis (SIGSTOP,
 * `CLIENT PAUSE`, a long GC) shorter than this never lets its permit be granted twice. Liveness is
 * apart: a process that died is reclaimed when Redis sees its connection close ({@link
 * DEFAULT_LIVENESS_GRACE_MS}), not by this TTL.
 */
export const DEFAULT_LEASE_TTL_MS = 30_000;
/** The heartbeat: renews leases and places in line, reports liveness, finds dead processes. */
const DEFAULT_HEARTBEAT_MS = 500;
/**
 * A process silent this long whose connection Redis no longer lists is dead: its permits and places
 * in line go back at once. Silent but connected (stopped, or Redis paused) is never reclaimed so.
 */
const DEFAULT_LIVENESS_GRACE_MS = 1000;
/**
 * A permit Redis grants serves its process for up to this long: a holder of that process that
 * releases it within the slice passes it on to the process's next caller without Redis, sparing the
 * two cross-process wake-ups (0.5-1.5 ms on a small VM) a grant through Redis costs.
 */
export const DEFAULT_LOCAL_SLICE_MS = 100;
/**
 * A slice also ends after this many holds: with very short holds, the waiters of other processes
 * wait for slices of tens of holds, not of hundreds (16 holds amortise one cross-process hop well).
 */
export const MAX_HOLDS_PER_SLICE = 16;

export interface RedisPoolRegistryOptions {
  /** `redis://[user:password@]host:port[/db]`. */
  readonly url: string;
  /** Wall-clock time and sleeps (outage durations, acknowledgement deadlines, cool-downs). */
  readonly clock: Clock;
  /** Namespace of every key and channel; processes that share pools use the same prefix. */
  readonly keyPrefix?: string;
  /**
   * Who declares this process's levels: a pool's level in effect is the lowest declared by a live
   * participant. Processes that read their levels from one configuration (the hosts of one data
   * folder) pass one id, so a change made in one replaces the others' declaration; default: this
   * process alone (a CLI run's `--concurrency`). Letters, digits and `_.:-` only.
   */
  readonly participantId?: string;
  /** Lease and waiter TTL in Redis; must exceed the longest stall. Default {@link DEFAULT_LEASE_TTL_MS}. */
  readonly leaseTtlMs?: number;
  /** The one heartbeat of this process (renewal, liveness, sweep, fallback poll). Default 500 ms (at most TTL / 3). */
  readonly heartbeatMs?: number;
  /** See {@link DEFAULT_LIVENESS_GRACE_MS}; above the heartbeat. */
  readonly livenessGraceMs?: number;
  /** Waiters a pool queues cluster-wide before refusing with `queue_full`. */
  readonly maxQueuedPerPool?: number;
  /**
   * The time slice of a permit granted by Redis (default {@link DEFAULT_LOCAL_SLICE_MS}): released
   * within it, the permit goes on without Redis to this process's first queued waiter of the pool
   * (a caller of the same turn takes over its place in line), else to that caller; once the slice is over
   * it goes back to Redis, whose line is strict FIFO. 0: every release goes through Redis (strict
   * FIFO across processes). Bounded overtaking: a waiter is overtaken for at most one slice plus
   * one hold per permit (bench/README.md measures the gain and the waits).
   */
  readonly localSliceMs?: number;
  /** Queued waiters fail with `unavailable` once Redis has been away this long. Default 5000 ms. */
  readonly failWaitersAfterOutageMs?: number;
  readonly logger?: Logger;
}

/** The options with their defaults applied and checked. */
export interface RedisPoolSettings {
  readonly url: string;
  /** Undefined: this process alone. */
  readonly participantId: string | undefined;
  readonly keyPrefix: string;
  readonly ttlMs: number;
  readonly heartbeatMs: number;
  readonly graceMs: number;
  readonly maxQueued: number;
  readonly localSliceMs: number;
  readonly failWaitersAfterOutageMs: number;
}

/** Applies the defaults; a RangeError names the first option out of range. */
export function resolveRedisPoolSettings(options: RedisPoolRegistryOptions): RedisPoolSettings {
  const ttlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.max(50, Math.min(DEFAULT_HEARTBEAT_MS, Math.floor(ttlMs / 3)));
  const graceMs = options.livenessGraceMs ?? Math.max(DEFAULT_LIVENESS_GRACE_MS, 2 * heartbeatMs);
  if (!(graceMs > heartbeatMs)) throw new RangeError(`livenessGraceMs (${graceMs}) must be above heartbeatMs (${heartbeatMs})`);
  const maxQueued = options.maxQueuedPerPool ?? DEFAULT_MAX_QUEUED_PER_POOL;
  const localSliceMs = options.localSliceMs ?? DEFAULT_LOCAL_SLICE_MS;
  if (!(ttlMs >= 100) || !(heartbeatMs < ttlMs)) {
    throw new RangeError(`leaseTtlMs (${ttlMs}) must be >= 100 and above heartbeatMs (${heartbeatMs})`);
  }
  if (!(localSliceMs >= 0 && localSliceMs <= ttlMs)) {
    throw new RangeError(`localSliceMs must be 0..leaseTtlMs (${ttlMs}), got ${localSliceMs}`);
  }
  if (!Number.isInteger(maxQueued) || maxQueued < 0) {
    throw new RangeError(`maxQueuedPerPool must be a non-negative integer, got ${maxQueued}`);
  }
  if (options.participantId !== undefined && !/^[A-Za-z0-9_.:-]+$/.test(options.participantId)) {
    throw new RangeError(`participantId must match [A-Za-z0-9_.:-]+, got ${JSON.stringify(options.participantId)}`);
  }
  return {
    url: options.url,
    participantId: options.participantId,
    keyPrefix: options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX,
    ttlMs,
    heartbeatMs,
    graceMs,
    maxQueued,
    localSliceMs,
    failWaitersAfterOutageMs: options.failWaitersAfterOutageMs ?? 5000,
  };
}
