import { randomBytes } from 'node:crypto';
import type { AcquireOptions, Logger, PoolLease, PoolRegistry, PoolStats } from '../../contracts';
import { acquireRefusal, reentrantError } from '../acquire-checks';
import { currentHeldPermits, holdsPermitOf } from '../held-permits';
import { DEFAULT_MAX_QUEUED_PER_POOL, MAX_POOL_LEVEL, MIN_POOL_LEVEL } from '../in-process-pool-registry';
import { PoolError } from '../pool-error';
import { AbortFanout } from './abort-fanout';
import { LuaScript } from './lua-script';
import { PoolConfigView, type PoolConfigSnapshot } from './pool-config-view';
import * as scripts from './pool-scripts';
import { RedisClock } from './redis-clock';
import { RedisConnection, redactRedisUrl } from './redis-connection';
import { describeRedisFailure } from './redis-failure';
import { RedisLease, type LeaseReturn } from './redis-lease';
import { RedisPoolKeys } from './redis-pool-keys';
import { RedisWaiter } from './redis-waiter';

export const DEFAULT_REDIS_KEY_PREFIX = 'cartrover-pools';
/**
 * Safety: a lease lives this long without renewal, so a stall of a process or of Redis (SIGSTOP,
 * `CLIENT PAUSE`, a long GC) shorter than this never lets its permit be granted twice. Liveness is
 * apart: a process that died is reclaimed when Redis sees its connection close ({@link
 * DEFAULT_LIVENESS_GRACE_MS}), not by this TTL.
 */
export const DEFAULT_LEASE_TTL_MS = 30_000;
/** The heartbeat: renews leases and places in line, reports liveness, finds dead processes. */
export const DEFAULT_HEARTBEAT_MS = 500;
/**
 * A process silent this long whose connection Redis no longer lists is dead: its permits and places
 * in line go back at once. Silent but connected (stopped, or Redis paused) is never reclaimed so.
 */
export const DEFAULT_LIVENESS_GRACE_MS = 1000;
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
/** The heartbeat reads the shared epoch and configuration version every this many beats. */
const CONFIG_CHECK_EVERY_BEATS = 3;

export interface RedisPoolRegistryOptions {
  /** `redis://[user:password@]host:port[/db]`. */
  readonly url: string;
  /** Namespace of every key and channel; processes that share pools use the same prefix. */
  readonly keyPrefix?: string;
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

const LUA = {
  acquire: new LuaScript('acquire', scripts.ACQUIRE_SCRIPT),
  release: new LuaScript('release', scripts.RELEASE_SCRIPT),
  withdraw: new LuaScript('withdraw', scripts.WITHDRAW_SCRIPT),
  tick: new LuaScript('tick', scripts.TICK_SCRIPT),
  configure: new LuaScript('configure', scripts.CONFIGURE_SCRIPT),
  ackLevel: new LuaScript('ack-level', scripts.ACK_LEVEL_SCRIPT),
  sliceAcks: new LuaScript('slice-acks', scripts.SLICE_ACKS_SCRIPT),
  stats: new LuaScript('stats', scripts.STATS_SCRIPT),
  registerPool: new LuaScript('register-pool', scripts.REGISTER_POOL_SCRIPT),
  removePool: new LuaScript('remove-pool', scripts.REMOVE_POOL_SCRIPT),
  bind: new LuaScript('bind', scripts.BIND_SCRIPT),
  unbind: new LuaScript('unbind', scripts.UNBIND_SCRIPT),
  snapshot: new LuaScript('snapshot', scripts.SNAPSHOT_SCRIPT),
  restoreConfig: new LuaScript('restore-config', scripts.RESTORE_CONFIG_SCRIPT),
  withdrawMany: new LuaScript('withdraw-many', scripts.WITHDRAW_MANY_SCRIPT),
  enqueueMany: new LuaScript('enqueue-many', scripts.ENQUEUE_MANY_SCRIPT),
  reap: new LuaScript('reap', scripts.REAP_SCRIPT),
  alive: new LuaScript('alive', scripts.ALIVE_SCRIPT),
  forget: new LuaScript('forget', scripts.FORGET_SCRIPT),
};

/**
 * Pools shared by every process that uses the same Redis and key prefix: at most `level` permits
 * of a pool held cluster-wide, FIFO within a priority across processes, with the contract and
 * invariants of {@link InProcessPoolRegistry}. How (see `pool-scripts.ts` for the scripts):
 * - A permit is a lease in the pool's ZSET with an expiry from Redis TIME; this process's one
 *   heartbeat renews all its leases and waiters, so a crashed process's permits and places in line
 *   expire by themselves (TTL + one heartbeat of any live process, or the next acquire).
 * - The waiting line is in Redis; the script that frees a permit grants it to the head waiter and
 *   publishes the grant to that waiter's process. The heartbeat doubles as the fallback poll for
 *   grants whose message was lost (pub/sub drops messages across reconnects).
 * - A permit Redis granted serves its process for a time slice (`localSliceMs`, at most
 *   {@link MAX_HOLDS_PER_SLICE} holds): released within it, it goes to the next caller of the same
 *   process without any command, and back to the line after it. Bounded overtaking for throughput
 *   at short holds (README.md); a lowered level ends every slice above it before `configure` returns.
 * - Bindings and levels are shared; this process keeps a local view for the synchronous `poolOf`,
 *   reloaded on a `config-changed` message or when the heartbeat sees the version move. A process
 *   moves its own queued waiters when it learns of a re-bind (bounded interleaving with another
 *   process's moved waiters; each process keeps its own order).
 * - Redis away: new acquires fail at once with `unavailable`; queued waiters fail after
 *   `failWaitersAfterOutageMs`; releases are retried; nothing is ever granted without Redis.
 *   When Redis comes back empty (restart without persistence), each process restores the pools
 *   and bindings it knows, its held leases and its waiters.
 * Keep Redis on `maxmemory-policy noeviction` (an `allkeys-*` policy is refused at start).
 */
export class RedisPoolRegistry implements PoolRegistry, LeaseReturn {
  readonly processId = randomBytes(6).toString('hex');
  private readonly keys: RedisPoolKeys;
  private readonly connection: RedisConnection;
  private readonly view = new PoolConfigView();
  private readonly waiters = new Map<string, RedisWaiter>();
  private readonly leases = new Map<string, RedisLease>();
  /** Releases Redis did not confirm (it was away): retried by the heartbeat. */
  private readonly unreturned = new Map<string, RedisLease>();
  /** Permits released with a cool-down, until it is over: `close` waits for them. */
  private readonly cooling = new Set<Promise<void>>();
  /** Releases sent and not yet answered: `close` waits for them (a closed socket would drop them). */
  private readonly releasesInFlight = new Set<Promise<unknown>>();
  private readonly counts = new Map<string, { granted: number; returned: number; retired: boolean }>();
  /** Per connection, the chain of re-bind moves (each connection's waiters move in their order). */
  private readonly moves = new Map<string, Promise<void>>();
  private readonly aborts = new AbortFanout();
  /** Released permits kept for an acquire of this process in the same turn of the event loop. */
  private readonly lingering: RedisLease[] = [];
  private lingerFlush: NodeJS.Immediate | undefined;
  private readonly ttlMs: number;
  private readonly heartbeatMs: number;
  private readonly graceMs: number;
  /** Fencing: this process's bound on Redis time (see redis-clock.ts). */
  private readonly clock = new RedisClock();
  /** The Redis client id of the command connection, once known (fetched again after a reconnect). */
  private clientId: string | undefined;
  /** `CLIENT LIST` refused (ACL): dead processes are reclaimed by the lease TTL only. */
  private livenessCheckRefused = false;
  private staleGrants = 0;
  private reclaimed = 0;
  private readonly maxQueued: number;
  private readonly localSliceMs: number;
  private readonly failWaitersAfterOutageMs: number;
  private readonly started: Promise<void>;
  private heartbeat: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;
  private epoch: string | undefined;
  private nextWaiterNumber = 0;
  private handOffs = 0;
  private configCheckDue = false;
  private beatsSinceConfigCheck = 0;
  private closed = false;
  private isStarted = false;

  constructor(private readonly options: RedisPoolRegistryOptions) {
    this.keys = new RedisPoolKeys(options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX);
    this.ttlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(50, Math.min(DEFAULT_HEARTBEAT_MS, Math.floor(this.ttlMs / 3)));
    this.graceMs = options.livenessGraceMs ?? Math.max(DEFAULT_LIVENESS_GRACE_MS, 2 * this.heartbeatMs);
    if (!(this.graceMs > this.heartbeatMs)) throw new RangeError(`livenessGraceMs (${this.graceMs}) must be above heartbeatMs (${this.heartbeatMs})`);
    this.maxQueued = options.maxQueuedPerPool ?? DEFAULT_MAX_QUEUED_PER_POOL;
    this.localSliceMs = options.localSliceMs ?? DEFAULT_LOCAL_SLICE_MS;
    this.failWaitersAfterOutageMs = options.failWaitersAfterOutageMs ?? 5000;
    if (!(this.ttlMs >= 100) || !(this.heartbeatMs < this.ttlMs)) {
      throw new RangeError(`leaseTtlMs (${this.ttlMs}) must be >= 100 and above heartbeatMs (${this.heartbeatMs})`);
    }
    if (!(this.localSliceMs >= 0 && this.localSliceMs <= this.ttlMs)) {
      throw new RangeError(`localSliceMs must be 0..leaseTtlMs (${this.ttlMs}), got ${this.localSliceMs}`);
    }
    if (!Number.isInteger(this.maxQueued) || this.maxQueued < 0) {
      throw new RangeError(`maxQueuedPerPool must be a non-negative integer, got ${this.maxQueued}`);
    }
    this.connection = new RedisConnection({
      url: options.url,
      onMessage: (channel, message) => this.onMessage(channel, message),
      onReconnected: () => {
        this.configCheckDue = true;
        this.clientId = undefined; // a new connection: registered again at once
        this.clock.reset();
        this.beat();
      },
      onConnectionError: (error) => this.options.logger?.warn('Redis connection of the concurrency pools failed', { error: error.message }),
    });
    this.started = this.start();
    this.started.catch(() => undefined); // surfaced by every call instead
  }

  /** Connects (a clear error when Redis is unreachable or may evict keys) and returns the registry. */
  static async connect(options: RedisPoolRegistryOptions): Promise<RedisPoolRegistry> {
    const registry = new RedisPoolRegistry(options);
    await registry.whenReady();
    return registry;
  }

  /** Resolves once connected and loaded; rejects with the start-up error. */
  whenReady(): Promise<void> {
    return this.started;
  }

  get leaseTtlMs(): number {
    return this.ttlMs;
  }

  /** How long a permit Redis granted may serve this process (0: strict FIFO across processes). */
  get sliceMs(): number {
    return this.localSliceMs;
  }

  async configure(poolId: string, level: number): Promise<void> {
    if (!Number.isInteger(level) || level < MIN_POOL_LEVEL || level > MAX_POOL_LEVEL) {
      throw new RangeError(`Concurrency level of pool ${poolId} must be an integer ${MIN_POOL_LEVEL}..${MAX_POOL_LEVEL}, got ${level}`);
    }
    await this.started;
    const [, version, changed] = (await this.config(LUA.registerPool, [poolId, String(level)])) as [number, number, number];
    this.view.wrote(version);
    this.view.setPool(poolId, level); // from here this process passes on no permit granted above it
    const [lowered, ...others] = (await this.poolScript(LUA.configure, poolId, [String(level), this.processId], 0)) as [number, ...string[]];
    if (lowered === 1 && changed === 1 && others.length > 0) await this.awaitSlicesEnded(poolId, version, others);
    const counts = this.counts.get(poolId);
    if (counts) counts.retired = false;
  }

  async remove(poolId: string): Promise<void> {
    await this.started;
    const reply = (await this.config(LUA.removePool, [poolId])) as [number, ...(string | number)[]];
    if (reply[0] === 0) {
      const members = (reply.slice(1) as string[]).sort();
      throw new Error(`Concurrency pool ${poolId} still has members: ${members.join(', ')}`);
    }
    this.view.wrote(reply[1] as number);
    this.view.dropPool(poolId);
    const counts = this.counts.get(poolId);
    if (counts) {
      counts.retired = true;
      this.forgetIfDrained(poolId);
    }
  }

  async bind(connectionId: string, poolId: string): Promise<void> {
    await this.started;
    const reply = (await this.config(LUA.bind, [connectionId, poolId])) as number[];
    if (reply[0] === 0) throw new PoolError('unknown_pool', poolId, `Unknown concurrency pool ${poolId}`);
    this.view.wrote(reply[1]);
    this.view.setBinding(connectionId, poolId);
    await this.followBinding(connectionId);
  }

  async unbind(connectionId: string): Promise<void> {
    await this.started;
    const [, version] = (await this.config(LUA.unbind, [connectionId])) as number[];
    this.view.wrote(version);
    this.view.setBinding(connectionId, undefined);
    await this.followBinding(connectionId);
  }

  poolOf(connectionId: string): string | undefined {
    return this.view.poolOf(connectionId);
  }

  acquire(connectionId: string, options?: AcquireOptions): Promise<PoolLease> {
    if (!this.isStarted) {
      return this.started.then(
        () => this.acquireNow(connectionId, options),
        (error: unknown) => {
          // Never started (Redis unreachable at start-up): a per-request PoolError like any outage.
          throw new PoolError('unavailable', this.view.poolOf(connectionId), (error as Error).message, { cause: error });
        },
      );
    }
    return this.acquireNow(connectionId, options);
  }

  async stats(): Promise<readonly PoolStats[]> {
    await this.started;
    const snapshot = await this.readSnapshot();
    const results = await Promise.all(
      snapshot.poolIds.map(async (poolId) => {
        // Known level 0: reading stats never restores a pool (a pool being created has no level for a moment).
        const [level, inFlight, queued] = (await this.poolScript(LUA.stats, poolId, [], 0)) as number[];
        const connectionIds = [...snapshot.bindings].filter(([, pool]) => pool === poolId).map(([connection]) => connection).sort();
        return { poolId, level, inFlight, queued, connectionIds };
      }),
    );
    return results;
  }

  /** Grants that arrived too late to be used safely and were given back (fencing; diagnostics). */
  get staleGrantCount(): number {
    return this.staleGrants;
  }

  /** Permits of dead processes this process reclaimed (liveness; diagnostics). */
  get reclaimedPermits(): number {
    return this.reclaimed;
  }

  /** Permits this process passed from one holder to the next within their slices, without Redis (diagnostics). */
  get localHandOffs(): number {
    return this.handOffs;
  }

  /** Grants to and releases by this process, per pool (tests, diagnostics). */
  permitCounts(poolId: string): { readonly granted: number; readonly returned: number } | undefined {
    const counts = this.counts.get(poolId);
    return counts && { granted: counts.granted, returned: counts.returned };
  }

  /** Waits for permits cooling down, stops the heartbeat, fails this process's waiters, returns its leases and disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    // CartRover may still be working on the requests these permits covered: they count until then.
    while (this.cooling.size > 0) await Promise.all([...this.cooling]);
    this.flushLingering();
    this.closed = true;
    if (this.heartbeat) clearTimeout(this.heartbeat);
    const queued: RedisWaiter[] = [];
    for (const waiter of [...this.waiters.values()]) {
      if (waiter.phase === 'queued') queued.push(waiter);
      this.fail(waiter, new PoolError('unavailable', waiter.poolId, `The concurrency pools were shut down while waiting for pool ${waiter.poolId}`));
    }
    await this.started.catch(() => undefined);
    if (this.connection.ready) {
      // Leave the lines and return the permits now rather than after the TTL.
      await Promise.all([
        ...this.releasesInFlight,
        ...queued.map((waiter) => this.withdraw(waiter, 'release')),
        ...[...this.leases.values(), ...this.unreturned.values()].map((lease) =>
          this.poolScript(LUA.release, lease.poolId, [lease.id]).catch(() => undefined),
        ),
        // Leaving: no other process needs to decide whether this one died.
        LUA.forget.run(this.connection.client, [this.keys.config.clients, this.keys.config.alive], ['-1', this.processId]).catch(() => undefined),
      ]);
    }
    await this.connection.close();
  }

  returnLease(lease: RedisLease, coolDownMs = 0): void {
    if (coolDownMs > 0 && !this.closed) {
      // Still held (and renewed) until the cool-down is over; `close` waits for it.
      const cooled = new Promise<void>((resolve) => setTimeout(resolve, coolDownMs)).then(() => {
        this.cooling.delete(cooled);
        this.returnLease(lease);
      });
      this.cooling.add(cooled);
      return;
    }
    this.leases.delete(lease.id);
    const counts = this.counts.get(lease.poolId);
    if (counts) counts.returned++;
    if (this.mayHandOn(lease)) this.linger(lease);
    else this.sendRelease(lease);
    this.forgetIfDrained(lease.poolId);
  }

  // ---- acquiring ----------------------------------------------------------------------------

  private acquireNow(connectionId: string, options: AcquireOptions | undefined): Promise<PoolLease> {
    const poolId = this.view.poolOf(connectionId);
    const refusal = acquireRefusal(connectionId, poolId, options);
    if (refusal || !poolId) return Promise.reject(refusal);
    const held = currentHeldPermits();
    const signal = options?.signal;
    const timeoutMs = options?.timeoutMs;
    const priority = options?.priority ?? 0;
    if (this.closed || !this.connection.ready) return Promise.reject(this.unavailableError(poolId));
    // A permit released in this turn of the event loop, within its slice: this process's first
    // queued waiter comes first (FIFO within the process stays exact); one of the same priority
    // is served and this caller takes over its place in line, without a command.
    const kept = this.takeLingering(poolId);
    const first = kept && this.localHandOffTarget(poolId);
    if (kept && (!first || first.priority < priority)) return Promise.resolve(this.handOnTo(kept, connectionId));
    if (kept && first && (first.priority > priority || timeoutMs === 0)) this.handOff(kept, first);
    return new Promise<PoolLease>((resolve, reject) => {
      const adopted = kept && first && !first.settled ? first : undefined;
      if (adopted) this.grantInPlaceOf(kept!, adopted);
      const id = adopted?.id ?? `${this.processId}/${(this.nextWaiterNumber++).toString(36)}`;
      const waiter = new RedisWaiter(id, connectionId, poolId, priority, held, resolve, reject);
      this.waiters.set(id, waiter);
      waiter.watch(signal, timeoutMs, this.aborts, (reason) => this.giveUp(waiter, reason, timeoutMs));
      if (adopted) {
        waiter.member = adopted.member;
        waiter.phase = 'queued';
      } else void this.enqueue(waiter, poolId, timeoutMs === 0 ? 'try' : 'wait', this.maxQueued);
    });
  }

  /** Asks the pool's script for a permit now, else a place in line. */
  private async enqueue(waiter: RedisWaiter, poolId: string, mode: 'wait' | 'try', maxQueued: number): Promise<void> {
    waiter.phase = 'enqueuing';
    waiter.poolId = poolId;
    waiter.member = undefined;
    let reply: [number, (string | number)?, number?];
    const sentAt = performance.now();
    try {
      reply = (await this.poolScript(LUA.acquire, poolId, [waiter.id, String(-waiter.priority), mode, String(maxQueued)])) as [number, (string | number)?, number?];
    } catch (error) {
      this.fail(waiter, this.unavailableError(poolId, error));
      return;
    }
    switch (reply[0]) {
      case 1:
        if (waiter.outcome === 'failed') {
          this.sendRelease(new RedisLease(this, poolId, waiter.connectionId, waiter.id));
          waiter.flushFailure();
        } else {
          this.clock.sample(sentAt, Number(reply[2]) - this.ttlMs);
          this.grant(waiter, poolId, Number(reply[1]), Number(reply[2]));
        }
        return;
      case 0:
        this.fail(waiter, new PoolError('timeout', poolId, `No permit of concurrency pool ${poolId} is free`));
        return;
      case 2:
        this.fail(waiter, new PoolError('queue_full', poolId, `Concurrency pool ${poolId} queue is full (${reply[1]} waiting)`));
        return;
      default:
        waiter.member = String(reply[1]);
        waiter.phase = 'queued';
        if (waiter.outcome === 'failed') {
          void this.withdraw(waiter, 'release');
          waiter.flushFailure();
        } else if (!waiter.settled && this.view.poolOf(waiter.connectionId) !== poolId) void this.followBinding(waiter.connectionId);
    }
  }

  /**
   * A grant Redis made. `grantLevel`: the pool's level then (unknown: the permit is never passed
   * on); `expiry`: the lease's expiry in Redis time, which fences it (see {@link deliver}).
   */
  private grant(waiter: RedisWaiter, poolId: string, grantLevel: number, expiry: number): void {
    // No expiry (a grant message of an older version of this code): unfenced, as that version was.
    const validUntil = Number.isFinite(expiry) ? this.clock.localDeadline(expiry) : Number.POSITIVE_INFINITY;
    this.deliver(waiter, this.newLease(poolId, waiter, grantLevel, validUntil));
  }

  private newLease(poolId: string, waiter: RedisWaiter, grantLevel: number, validUntil: number): RedisLease {
    const sliceEndsAt = Number.isFinite(grantLevel) ? performance.now() + this.localSliceMs : 0;
    return new RedisLease(this, poolId, waiter.connectionId, waiter.id, sliceEndsAt, grantLevel, 1, validUntil);
  }

  /**
   * Fencing: the waiter gets the permit only while its lease is provably still in Redis for at
   * least one more heartbeat (which renews it). A grant read late (this process was stopped, or its
   * event loop stalled, while the message waited) may have expired and gone to another process: it
   * is given back unused and the waiter queues again.
   */
  private deliver(waiter: RedisWaiter, lease: RedisLease): void {
    this.waiters.delete(waiter.id);
    if (waiter.settled) return; // it gave up: its withdraw (sent after this grant) returns the permit
    if (!this.provablyValid(lease)) {
      this.returnStale(waiter, lease);
      return;
    }
    if (!waiter.grant(lease)) return;
    this.leases.set(lease.id, lease);
    this.countGrant(lease.poolId);
  }

  /** The lease stays in Redis for at least one more heartbeat, by this process's bound on Redis time. */
  private provablyValid(lease: RedisLease): boolean {
    return performance.now() + this.heartbeatMs < lease.validUntil;
  }

  private returnStale(waiter: RedisWaiter, lease: RedisLease): void {
    this.staleGrants++;
    this.options.logger?.warn('A permit of a Redis concurrency pool arrived too late to be used safely (was this process stopped or stalled?): returned, the request waits again', {
      poolId: lease.poolId,
      staleGrants: this.staleGrants,
    });
    this.sendRelease(lease); // sent before the new place is asked for: same connection, in order
    this.waiters.set(waiter.id, waiter);
    // Already asking for a new place (the heartbeat found its old one gone): that one stands.
    if (waiter.phase === 'queued') void this.enqueue(waiter, this.view.poolOf(waiter.connectionId) ?? lease.poolId, 'wait', -1);
  }

  private countGrant(poolId: string): void {
    const counts = this.counts.get(poolId) ?? { granted: 0, returned: 0, retired: !this.view.hasPool(poolId) };
    counts.granted++;
    this.counts.set(poolId, counts);
  }

  /**
   * Whether a released permit may go to another holder of this process without Redis: within its
   * slice (time and holds), and only while the pool's level is not below the one it was granted
   * under (a lowered level takes it back to Redis); never a lease the heartbeat found lost, nor
   * while Redis is away.
   */
  private mayHandOn(lease: RedisLease): boolean {
    const level = this.view.levelOf(lease.poolId);
    const inSlice = performance.now() < lease.sliceEndsAt && lease.holdsInSlice < MAX_HOLDS_PER_SLICE;
    return inSlice && level !== undefined && lease.grantLevel <= level && !lease.lost && this.provablyValid(lease) && !this.closed && this.connection.ready;
  }

  /**
   * A lowered level counts as applied once no other process can still pass on a permit granted
   * under the old one: each holder acknowledges when it has loaded the new level (its slices end
   * then), or its permits come back. Bounded by the lease TTL (a process that died holding some).
   */
  private async awaitSlicesEnded(poolId: string, version: number, processIds: string[]): Promise<void> {
    const deadline = Date.now() + this.ttlMs + this.heartbeatMs;
    let pending = processIds;
    while (pending.length > 0) {
      pending = (await this.poolScript(LUA.sliceAcks, poolId, [String(version), ...pending], 0)) as string[];
      if (pending.length === 0) return;
      if (Date.now() >= deadline) {
        this.options.logger?.warn('Lowered a concurrency level without an acknowledgement from every process holding permits', { poolId, processes: pending.length });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /** This process's first waiter (priority, then place in line) queued in the pool and still bound to it. */
  private localHandOffTarget(poolId: string): RedisWaiter | undefined {
    let first: RedisWaiter | undefined;
    for (const waiter of this.waiters.values()) {
      if (waiter.settled || waiter.phase !== 'queued' || waiter.poolId !== poolId || this.view.poolOf(waiter.connectionId) !== poolId) continue;
      if (!first || waiter.priority > first.priority || (waiter.priority === first.priority && waiter.member! < first.member!)) first = waiter;
    }
    return first;
  }

  /**
   * Keeps a released permit until the end of this turn of the event loop: a caller that releases
   * and acquires again at once (a flow's next request) then costs no command (it takes the permit,
   * or the place in line of the queued waiter the permit goes to). At `setImmediate`, or before
   * this process sends any other command, it goes to the first queued waiter here or back to Redis
   * (a later `stats` or acquire sees it as if that had happened at once).
   */
  private linger(lease: RedisLease): void {
    this.lingering.push(lease);
    this.lingerFlush ??= setImmediate(() => this.flushLingering());
  }

  /** A permit of the pool released in this turn that may still be passed on, taken out of the lingering ones. */
  private takeLingering(poolId: string): RedisLease | undefined {
    const index = this.lingering.findIndex((lease) => lease.poolId === poolId);
    if (index < 0) return undefined;
    const [lease] = this.lingering.splice(index, 1);
    return this.mayHandOn(lease) ? lease : (this.sendRelease(lease), undefined);
  }

  private flushLingering(): void {
    if (this.lingerFlush) clearImmediate(this.lingerFlush);
    this.lingerFlush = undefined;
    const leases = this.lingering.splice(0);
    for (const lease of leases) {
      const next = this.mayHandOn(lease) ? this.localHandOffTarget(lease.poolId) : undefined;
      if (next) this.handOff(lease, next);
      else this.sendRelease(lease);
    }
  }

  /**
   * Passes a held permit to a waiter of this process: the lease stays in Redis (same member, same
   * count), the waiter leaves its place in line (a permit Redis granted it meanwhile goes back).
   */
  private handOff(lease: RedisLease, waiter: RedisWaiter): void {
    this.waiters.delete(waiter.id);
    void this.withdraw(waiter, 'release');
    this.deliver(waiter, this.nextHolderLease(lease, waiter.connectionId));
  }

  /**
   * Serves a queued waiter with a permit passed on, leaving its place in line (member and id) to
   * the caller that takes it over: no withdraw, no new place. A grant Redis already made to that
   * place goes to the new owner, who earned it by the same place.
   */
  private grantInPlaceOf(lease: RedisLease, waiter: RedisWaiter): void {
    this.deliver(waiter, this.nextHolderLease(lease, waiter.connectionId));
  }

  /** Gives a permit passed on to a caller that did not wait. */
  private handOnTo(lease: RedisLease, connectionId: string): RedisLease {
    const next = this.nextHolderLease(lease, connectionId);
    this.leases.set(next.id, next);
    this.countGrant(lease.poolId);
    return next;
  }

  /** The same permit (the same lease in Redis) for the next holder of this process: one more hold in its slice. */
  private nextHolderLease(lease: RedisLease, connectionId: string): RedisLease {
    this.handOffs++;
    return new RedisLease(this, lease.poolId, connectionId, lease.id, lease.sliceEndsAt, lease.grantLevel, lease.holdsInSlice + 1, lease.validUntil);
  }

  /** Fails the waiter now, or delivers the failure it already had (gave up while a script was in flight). */
  private fail(waiter: RedisWaiter, error: unknown): void {
    this.waiters.delete(waiter.id);
    if (!waiter.fail(error)) waiter.flushFailure();
  }

  private giveUp(waiter: RedisWaiter, reason: 'aborted' | 'timeout', timeoutMs: number | undefined): void {
    if (waiter.settled) return;
    const poolId = waiter.poolId;
    this.waiters.delete(waiter.id);
    waiter.failLater(
      reason === 'aborted'
        ? new PoolError('aborted', poolId, `Gave up waiting for a permit of concurrency pool ${poolId}: aborted`, { cause: waiter.abortReason })
        : new PoolError('timeout', poolId, `Timed out after ${timeoutMs} ms waiting for a permit of concurrency pool ${poolId}`),
    );
    // A script in flight (enqueue, move) cleans up when it answers, then rejects; a queued waiter
    // leaves the line now (the withdraw is sent before the caller hears of the failure).
    if (waiter.phase === 'queued') {
      void this.withdraw(waiter, 'release');
      waiter.flushFailure();
    }
  }

  /** Takes the waiter out of its pool's line; a permit granted meanwhile is returned or kept. */
  private async withdraw(waiter: RedisWaiter, onGranted: 'release' | 'keep'): Promise<string> {
    const poolId = waiter.poolId;
    try {
      return String(await this.poolScript(LUA.withdraw, poolId, [waiter.id, waiter.member ?? '', onGranted], 0));
    } catch (error) {
      // Redis away: the place in line (and a permit granted to it) expires with the TTL, unrenewed.
      this.options.logger?.warn('Could not withdraw a waiter from a Redis concurrency pool', { poolId, error: (error as Error).message });
      return 'unknown';
    }
  }

  private sendRelease(lease: RedisLease): void {
    this.unreturned.delete(lease.id);
    if (!this.connection.ready) {
      this.unreturned.set(lease.id, lease);
      return;
    }
    const sent = LUA.release
      .run(this.connection.client, this.keys.poolKeyList(lease.poolId), this.poolArgs(lease.poolId, [lease.id, this.processId]))
      .then((reply) => {
        // Permits the script handed to this process's own waiters (no pub/sub hop for those).
        const [, level, expiry, ...ids] = reply as [number, number, number, ...string[]];
        for (const id of ids) {
          const waiter = this.waiters.get(String(id));
          if (waiter && !waiter.settled) this.grant(waiter, lease.poolId, Number(level), Number(expiry));
        }
      })
      .catch(() => {
        if (!this.closed) this.unreturned.set(lease.id, lease);
      })
      .finally(() => this.releasesInFlight.delete(sent));
    this.releasesInFlight.add(sent);
  }

  private forgetIfDrained(poolId: string): void {
    const counts = this.counts.get(poolId);
    if (counts?.retired && counts.granted === counts.returned) this.counts.delete(poolId);
  }

  // ---- re-binding -----------------------------------------------------------------------------

  /** Moves (or fails) this process's queued waiters of a connection after its binding changed. */
  private followBinding(connectionId: string): Promise<void> {
    const previous = this.moves.get(connectionId) ?? Promise.resolve();
    const next = previous.then(() => this.moveWaitersOf(connectionId));
    this.moves.set(connectionId, next);
    void next.finally(() => {
      if (this.moves.get(connectionId) === next) this.moves.delete(connectionId);
    });
    return next;
  }

  private async moveWaitersOf(connectionId: string): Promise<void> {
    const target = this.view.poolOf(connectionId);
    const mine = [...this.waiters.values()]
      .filter((waiter) => waiter.connectionId === connectionId && waiter.phase === 'queued' && !waiter.settled && waiter.poolId !== target)
      .sort((a, b) => b.priority - a.priority || (a.member! < b.member! ? -1 : 1));
    if (mine.length === 0) return;
    // Unbound, or the caller holds a permit of the new pool (waiting there would deadlock): these fail.
    const failures = new Map<RedisWaiter, PoolError>();
    for (const waiter of mine) {
      if (!target) {
        failures.set(waiter, new PoolError('unbound', waiter.poolId, `Connection ${connectionId} was unbound from concurrency pool ${waiter.poolId} while waiting`));
      } else if (holdsPermitOf(waiter.held, target)) failures.set(waiter, reentrantError(connectionId, target));
      else waiter.phase = 'moving';
    }
    // All at once (one script per old pool): from then on the old pool grants none of them, however
    // long the line; one by one, it kept granting the not-yet-moved ones long after the re-bind.
    const withdrawn = this.withdrawAll(mine.map((waiter) => ({ waiter, onGranted: failures.has(waiter) ? 'release' : 'keep' })));
    for (const [waiter, error] of failures) this.fail(waiter, error); // after the withdraw was sent
    const results = await withdrawn;
    const moving: RedisWaiter[] = [];
    for (const waiter of mine) {
      if (failures.has(waiter)) continue;
      const from = waiter.poolId;
      const result = results.get(waiter);
      if (result?.startsWith('granted')) {
        if (waiter.outcome === 'failed') {
          this.sendRelease(new RedisLease(this, from, connectionId, waiter.id));
          waiter.flushFailure();
        } else this.grant(waiter, from, Number.POSITIVE_INFINITY, Number(result.split(' ')[1])); // granted before the move: a permit of the old pool
        continue;
      }
      if (waiter.settled) {
        waiter.flushFailure(); // gave up while moving; it is out of the old line now
        continue;
      }
      if (result === 'unknown') {
        this.fail(waiter, this.unavailableError(from));
        continue;
      }
      moving.push(waiter);
    }
    if (target && moving.length > 0) await this.enqueueAll(moving, target);
  }

  /**
   * Takes waiters out of their pools' lines: one atomic script per pool (one hash slot each), sent
   * before this returns its promise. Answers per waiter as {@link withdraw} does.
   */
  private async withdrawAll(entries: readonly { waiter: RedisWaiter; onGranted: 'release' | 'keep' }[]): Promise<Map<RedisWaiter, string>> {
    const byPool = new Map<string, { waiter: RedisWaiter; onGranted: 'release' | 'keep' }[]>();
    for (const entry of entries) {
      const group = byPool.get(entry.waiter.poolId);
      if (group) group.push(entry);
      else byPool.set(entry.waiter.poolId, [entry]);
    }
    const results = new Map<RedisWaiter, string>();
    await Promise.all(
      [...byPool].map(async ([poolId, group]) => {
        try {
          const args = group.flatMap(({ waiter, onGranted }) => [waiter.member ?? '', onGranted]);
          const reply = (await this.poolScript(LUA.withdrawMany, poolId, args, 0)) as string[];
          group.forEach(({ waiter }, index) => results.set(waiter, String(reply[index])));
        } catch (error) {
          // Redis away: the places in line (and permits granted to them) expire with the TTL, unrenewed.
          this.options.logger?.warn('Could not withdraw waiters from a Redis concurrency pool', { poolId, error: (error as Error).message });
          for (const { waiter } of group) results.set(waiter, 'unknown');
        }
      }),
    );
    return results;
  }

  /**
   * Queues moved waiters of one connection in the new pool's line, in their order, with one script
   * (no queue bound: a re-bind must not lose waiters). The first ones may be granted at once.
   */
  private async enqueueAll(moving: readonly RedisWaiter[], poolId: string): Promise<void> {
    for (const waiter of moving) {
      waiter.phase = 'enqueuing';
      waiter.poolId = poolId;
      waiter.member = undefined;
    }
    let reply: string[];
    try {
      reply = (await this.poolScript(LUA.enqueueMany, poolId, moving.flatMap((waiter) => [waiter.id, String(-waiter.priority)]))) as string[];
    } catch (error) {
      for (const waiter of moving) this.fail(waiter, this.unavailableError(poolId, error));
      return;
    }
    const gaveUp: RedisWaiter[] = [];
    let reboundAgain = false;
    moving.forEach((waiter, index) => {
      const answer = String(reply[index]);
      if (answer.startsWith('granted ')) {
        if (waiter.outcome === 'failed') {
          this.sendRelease(new RedisLease(this, poolId, waiter.connectionId, waiter.id));
          waiter.flushFailure();
        } else this.grant(waiter, poolId, Number.POSITIVE_INFINITY, Number(answer.split(' ')[1]));
        return;
      }
      waiter.member = answer;
      waiter.phase = 'queued';
      if (waiter.outcome === 'failed') gaveUp.push(waiter);
      else if (this.view.poolOf(waiter.connectionId) !== poolId) reboundAgain = true;
    });
    if (gaveUp.length > 0) {
      // Gave up while being queued: out of the new line again (a permit granted meanwhile goes back).
      void this.withdrawAll(gaveUp.map((waiter) => ({ waiter, onGranted: 'release' })));
      for (const waiter of gaveUp) waiter.flushFailure();
    }
    if (reboundAgain) void this.followBinding(moving[0].connectionId);
  }

  // ---- messages, heartbeat, configuration reloads ----------------------------------------------

  private onMessage(channel: string, message: string): void {
    if (channel === this.keys.configChannel) {
      if (Number(message) !== this.view.knownVersion) void this.reload();
      return;
    }
    const [waiterId, poolId, level, expiry] = message.split(' ');
    const waiter = this.waiters.get(waiterId);
    // Unknown or settled: it gave up, and its withdraw (sent after this grant) returns the permit.
    if (waiter && !waiter.settled) this.grant(waiter, poolId, Number(level), Number(expiry));
  }

  private async start(): Promise<void> {
    await this.connection.open([this.keys.configChannel, this.keys.grantChannel(this.processId)], this.keys.prefix);
    try {
      await this.checkEpoch();
      await this.readSnapshot(); // not `reload`: a refusal (ACL, Cluster) must fail the start
      await this.reportAlive(); // also the first sample of Redis time: grants are fenced from the start
    } catch (error) {
      await this.connection.close();
      throw new Error(describeRedisFailure(error, redactRedisUrl(this.options.url), this.keys.prefix), { cause: error });
    }
    this.isStarted = true;
    this.scheduleBeat();
  }

  private scheduleBeat(): void {
    if (this.closed) return;
    const jittered = this.heartbeatMs * (0.8 + Math.random() * 0.4);
    this.heartbeat = setTimeout(() => this.beat(), jittered);
    this.heartbeat.unref();
  }

  /** One heartbeat: never two at once; the next is scheduled when this one ends. */
  private beat(): void {
    if (this.closed || this.ticking) return;
    if (this.heartbeat) clearTimeout(this.heartbeat);
    this.ticking = this.tick()
      .catch((error: unknown) => this.options.logger?.warn('Heartbeat of the Redis concurrency pools failed', { error: (error as Error).message }))
      .finally(() => {
        this.ticking = undefined;
        this.scheduleBeat();
      });
  }

  private async tick(): Promise<void> {
    if (!this.connection.ready) {
      if (this.connection.downForMs(Date.now()) >= this.failWaitersAfterOutageMs) {
        for (const waiter of [...this.waiters.values()]) this.fail(waiter, this.unavailableError(waiter.poolId));
      }
      return;
    }
    // Pub/sub announces every change and a reconnect checks at once; this check only backs them
    // up, so every third beat is enough (one command fewer per beat: the idle cost of a process).
    let restore = false;
    if (this.configCheckDue || ++this.beatsSinceConfigCheck >= CONFIG_CHECK_EVERY_BEATS) {
      this.configCheckDue = false;
      this.beatsSinceConfigCheck = 0;
      const [epoch, versionText] = await this.connection.getMany([this.keys.config.epoch, this.keys.config.version]);
      restore = await this.checkEpoch(epoch);
      const version = Number(versionText ?? '0');
      if (restore || version !== this.view.knownVersion) await this.reload();
    }
    this.noteExpiredLeases();
    await this.reportAlive();
    for (const lease of [...this.unreturned.values()]) this.sendRelease(lease);
    const pools = new Set<string>();
    for (const lease of this.leases.values()) pools.add(lease.poolId);
    for (const waiter of this.waiters.values()) if (!waiter.settled && waiter.phase === 'queued') pools.add(waiter.poolId);
    await Promise.all([...pools].map((poolId) => this.tickPool(poolId, restore)));
  }

  private async tickPool(poolId: string, restore: boolean): Promise<void> {
    const leases = [...this.leases.values()].filter((lease) => lease.poolId === poolId);
    const waiters = [...this.waiters.values()].filter((waiter) => !waiter.settled && waiter.phase === 'queued' && waiter.poolId === poolId);
    const members = waiters.map((waiter) => waiter.member!);
    const sentAt = performance.now();
    const reply = (await this.poolScript(LUA.tick, poolId, [
      String(leases.length),
      restore ? 'restore' : 'renew',
      ...leases.map((lease) => lease.id),
      ...members,
    ])) as string[];
    const redisNow = Number(reply[0]);
    this.clock.sample(sentAt, redisNow);
    const separator = reply.indexOf('#');
    const lostIds = new Set(reply.slice(1, separator));
    // Renewed: valid until now + TTL in Redis time (the holder now, if the permit was passed on meanwhile).
    const renewedUntil = this.clock.localDeadline(redisNow + this.ttlMs);
    for (const lease of leases) {
      const holder = this.leases.get(lease.id) ?? lease;
      if (!lostIds.has(lease.id)) holder.validUntil = Math.max(holder.validUntil, renewedUntil);
    }
    for (const lostId of lostIds) {
      const lease = this.leases.get(lostId);
      if (lease && !lease.lost) {
        lease.lost = true;
        this.options.logger?.warn('A permit lease of a Redis concurrency pool expired while held (event loop stalled longer than its TTL?)', {
          poolId,
          leaseTtlMs: this.ttlMs,
        });
      }
    }
    reply.slice(separator + 1).forEach((state, index) => {
      const waiter = waiters[index];
      // Moved or re-queued meanwhile: this answer is about a place it no longer has.
      if (waiter.settled || waiter.phase !== 'queued' || waiter.member !== members[index]) return;
      if (state === 'granted') this.grant(waiter, poolId, Number.POSITIVE_INFINITY, redisNow + this.ttlMs);
      else if (state === 'gone') void this.enqueue(waiter, this.view.poolOf(waiter.connectionId) ?? poolId, 'wait', -1); // expired or Redis lost it
    });
  }

  /**
   * A held lease whose fencing bound passed (this process was stopped, or its event loop stalled,
   * for longer than the lease could live unrenewed): it may have gone to another process, so it is
   * never passed on again and the stall is logged.
   */
  private noteExpiredLeases(): void {
    const now = performance.now();
    for (const lease of this.leases.values()) {
      if (lease.lost || now < lease.validUntil) continue;
      lease.lost = true;
      this.options.logger?.warn('A permit of a Redis concurrency pool may have expired while held: this process was stopped or stalled longer than the lease TTL', {
        poolId: lease.poolId,
        leaseTtlMs: this.ttlMs,
      });
    }
  }

  /**
   * Liveness: renews this process's `alive` mark (and samples Redis time), and reclaims the permits
   * and places in line of processes that are silent and whose connection Redis no longer lists
   * (killed: their kernel closed the socket). A silent process still connected (stopped, or Redis
   * paused) keeps everything until its leases' TTL.
   */
  private async reportAlive(): Promise<void> {
    this.clientId ??= await this.connection.clientId();
    const keys = [this.keys.config.clients, this.keys.config.alive];
    const sentAt = performance.now();
    const reply = (await LUA.alive.run(this.connection.client, keys, [this.processId, this.clientId ?? '', String(this.graceMs)])) as string[];
    this.clock.sample(sentAt, Number(reply[0]));
    const silent = pairs(reply.slice(1)).filter(([, clientId]) => clientId !== '');
    if (silent.length === 0 || this.livenessCheckRefused) return;
    const listed = await this.connection.listedClientIds(silent.map(([, clientId]) => clientId));
    if (!listed) {
      this.livenessCheckRefused = true;
      this.options.logger?.warn(
        'The Redis user may not run CLIENT LIST: a crashed process\'s permits come back only after the lease TTL. Allow +client|list (and +client|id) for fast recovery',
        { leaseTtlMs: this.ttlMs },
      );
      return;
    }
    const dead = silent.filter(([, clientId]) => !listed.has(clientId)).map(([processId]) => processId);
    if (dead.length === 0) return;
    const pools = this.view.pools();
    const counts = await Promise.all(pools.map((poolId) => this.reapIn(poolId, dead)));
    const permits = counts.reduce((sum, [reclaimed]) => sum + reclaimed, 0);
    await LUA.forget.run(this.connection.client, keys, [String(this.graceMs), ...dead]);
    this.reclaimed += permits;
    if (permits > 0) this.options.logger?.info('Reclaimed the permits of a process whose Redis connection closed (it died)', { processes: dead.length, permits });
  }

  private async reapIn(poolId: string, dead: readonly string[]): Promise<[number, number]> {
    const keys = [...this.keys.poolKeyList(poolId), this.keys.config.alive];
    if (this.lingering.length > 0) this.flushLingering();
    return (await LUA.reap.run(this.connection.client, keys, this.poolArgs(poolId, [String(this.graceMs), ...dead], 0))) as [number, number];
  }

  /** Detects a Redis that lost its data (restart without persistence); true when it did. */
  private async checkEpoch(known?: string | null): Promise<boolean> {
    const seen = known === undefined ? await this.connection.get(this.keys.config.epoch) : known;
    if (seen !== null && seen === this.epoch) return false;
    if (seen === null) {
      await this.connection.setIfAbsent(this.keys.config.epoch, randomBytes(8).toString('hex'));
    }
    const first = this.epoch === undefined;
    this.epoch = (await this.connection.get(this.keys.config.epoch)) ?? undefined;
    if (first) return false;
    this.options.logger?.warn('Redis lost the concurrency pools (restarted empty?); restoring them from this process', {});
    const pools = this.view.pools().flatMap((poolId) => [poolId, String(this.view.levelOf(poolId) ?? MIN_POOL_LEVEL)]);
    const bindings = this.view.bindingEntries().flat();
    const knownVersion = this.view.newestVersion;
    // A new data set: the floor of this process's own writes belongs to the old one (D1: kept, it
    // made every later snapshot look older than a change made before the loss).
    this.view.forgetVersions();
    await this.config(LUA.restoreConfig, [String(knownVersion), String(pools.length / 2), ...pools, ...bindings]);
    return true;
  }

  private reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false;
        await this.readSnapshot();
      } while (this.reloadAgain);
    })()
      .catch((error: unknown) => this.options.logger?.warn('Could not reload the shared pool configuration', { error: (error as Error).message }))
      .finally(() => {
        this.reloading = undefined;
      });
    return this.reloading;
  }

  /** Reads the shared configuration, applies it to the local view and follows changed bindings. */
  private async readSnapshot(): Promise<PoolConfigSnapshot> {
    const [version, poolIds, bindingList, levelList] = (await this.config(LUA.snapshot, [])) as [number, string[], string[], string[]];
    const snapshot: PoolConfigSnapshot = {
      version,
      poolIds,
      bindings: new Map(pairs(bindingList)),
      levels: new Map(pairs(levelList).map(([pool, level]) => [pool, Number(level)])),
    };
    const levelsBefore = new Map(this.view.pools().map((poolId) => [poolId, this.view.levelOf(poolId)]));
    if (this.view.apply(snapshot)) {
      // A lowered level: this process passes on no permit granted above it from now; say so to the
      // process that lowered it, which waits for that before its change counts as applied.
      for (const [poolId, level] of snapshot.levels) {
        const before = levelsBefore.get(poolId);
        if (before !== undefined && level < before) {
          void this.poolScript(LUA.ackLevel, poolId, [this.processId, String(snapshot.version)], 0).catch(() => undefined);
        }
      }
      const moved = new Set<string>();
      for (const waiter of this.waiters.values()) {
        if (!waiter.settled && waiter.phase === 'queued' && this.view.poolOf(waiter.connectionId) !== waiter.poolId) moved.add(waiter.connectionId);
      }
      for (const connectionId of moved) void this.followBinding(connectionId);
    }
    return snapshot;
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  /** `knownLevel` lets a script restore a pool Redis lost (0: the script sets the level itself). */
  private poolArgs(poolId: string, extra: string[], knownLevel = this.view.levelOf(poolId) ?? 0): string[] {
    return [poolId, this.keys.grantChannelPrefix(), String(this.ttlMs), String(knownLevel), ...extra];
  }

  private poolScript(script: LuaScript, poolId: string, extra: string[], knownLevel?: number): Promise<unknown> {
    if (this.lingering.length > 0) this.flushLingering(); // commands reach Redis in the order sent
    return script.run(this.connection.client, this.keys.poolKeyList(poolId), this.poolArgs(poolId, extra, knownLevel));
  }

  private config(script: LuaScript, extra: string[]): Promise<unknown> {
    if (this.lingering.length > 0) this.flushLingering();
    return script.run(this.connection.client, this.keys.configKeyList(), [this.keys.configChannel, ...extra]);
  }

  private unavailableError(poolId: string, cause?: unknown): PoolError {
    return new PoolError(
      'unavailable',
      poolId,
      `Concurrency pool ${poolId} is unavailable: Redis at ${redactRedisUrl(this.options.url)} cannot be reached; the request was not sent`,
      cause === undefined ? undefined : { cause },
    );
  }
}

function pairs(flat: readonly string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) result.push([flat[index], flat[index + 1]]);
  return result;
}
