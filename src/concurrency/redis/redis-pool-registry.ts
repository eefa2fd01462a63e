import { randomBytes } from 'node:crypto';
import { redactRedisUrl, type AcquireOptions, type PoolLease, type PoolRegistry, type PoolStats } from '../../contracts';
import { acquireRefusal } from '../acquire-checks';
import { currentHeldPermits } from '../held-permits';
import { PoolError } from '../pool-error';
import { AbortFanout } from './abort-fanout';
import { PermitGrants } from './permit-grants';
import { LUA, PoolCommands } from './pool-commands';
import { PoolConfigView } from './pool-config-view';
import { PoolHeartbeat } from './pool-heartbeat';
import { PoolLevels } from './pool-levels';
import { ProcessLiveness } from './process-liveness';
import { RebindMover } from './rebind-mover';
import { RedisClock } from './redis-clock';
import { CLOSE_GRACE_MS, RedisConnection } from './redis-connection';
import { EvictionPolicyCheck, evictionRefusal } from './eviction-policy-check';
import { describeRedisFailure } from './redis-failure';
import type { LeaseReturn, RedisLease } from './redis-lease';
import { RedisPoolKeys } from './redis-pool-keys';
import type { RedisPoolProcess } from './redis-pool-process';
import { resolveRedisPoolSettings, type RedisPoolRegistryOptions, type RedisPoolSettings } from './redis-pool-settings';
import { RedisWaiter } from './redis-waiter';
import { SharedConfigSync } from './shared-config-sync';
import { settlesWithin } from './settles-within';
import { SliceHandOff } from './slice-hand-off';

/**
 * Pools shared by every process that uses the same Redis and key prefix: at most `level` permits
 * of a pool held cluster-wide, FIFO within a priority across processes, with the contract and
 * invariants of `InProcessPoolRegistry`. This class is the contract's face over one part per
 * mechanism (README.md: "Files" and "How a permit travels"): grants, slices, levels, re-binds,
 * heartbeat, liveness, configuration sync, eviction-policy check. Redis away: new acquires fail at
 * once with `unavailable`; queued waiters fail after `failWaitersAfterOutageMs`; releases are
 * retried; nothing is ever granted without Redis, nor while it may evict our keys.
 */
export class RedisPoolRegistry implements PoolRegistry, LeaseReturn {
  readonly processId = randomBytes(6).toString('hex');
  private readonly settings: RedisPoolSettings;
  private readonly process: RedisPoolProcess;
  private readonly grants: PermitGrants;
  private readonly slices: SliceHandOff;
  private readonly mover: RebindMover;
  private readonly levels: PoolLevels;
  private readonly configSync: SharedConfigSync;
  private readonly liveness: ProcessLiveness;
  private readonly heartbeat: PoolHeartbeat;
  private readonly eviction: EvictionPolicyCheck;
  private readonly aborts = new AbortFanout();
  /** Permits released with a cool-down, until it is over: `close` waits for them. */
  private readonly cooling = new Set<Promise<void>>();
  private readonly started: Promise<void>;
  private nextWaiterNumber = 0;
  private isStarted = false;

  constructor(options: RedisPoolRegistryOptions) {
    this.settings = resolveRedisPoolSettings(options);
    const keys = new RedisPoolKeys(this.settings.keyPrefix);
    const view = new PoolConfigView();
    const redisClock = new RedisClock();
    const connection = new RedisConnection({
      url: options.url,
      clock: options.clock,
      onMessage: (channel, message) => this.onMessage(channel, message),
      onReconnected: () => {
        this.liveness.reconnected();
        redisClock.reset(); // a new connection may reach another Redis, with another clock
        this.heartbeat.reconnected();
      },
      onConnectionError: (error) => options.logger?.warn('Redis connection of the concurrency pools failed', { error: error.message }),
    });
    this.process = {
      processId: this.processId,
      participantId: this.settings.participantId ?? `process:${this.processId}`,
      settings: this.settings,
      keys,
      connection,
      commands: new PoolCommands(keys, connection, view, this.settings.ttlMs),
      view,
      redisClock,
      clock: options.clock,
      logger: options.logger,
      waiters: new Map(),
      leases: new Map(),
      closed: false,
    };
    this.grants = new PermitGrants(this.process, this);
    this.slices = new SliceHandOff(this.process, this.grants);
    this.process.commands.beforeSend = () => this.slices.flush(); // commands reach Redis in the order sent
    this.mover = new RebindMover(this.process, this.grants);
    this.grants.onRebound = (connectionId) => void this.mover.follow(connectionId);
    this.levels = new PoolLevels(this.process, this.grants.counts);
    this.configSync = new SharedConfigSync(this.process, this.mover);
    this.liveness = new ProcessLiveness(this.process, this.levels);
    this.eviction = new EvictionPolicyCheck(this.process);
    this.heartbeat = new PoolHeartbeat(this.process, this.grants, this.liveness, this.configSync, this.eviction);
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
    return this.settings.ttlMs;
  }

  /** How long a permit Redis granted may serve this process (0: strict FIFO across processes). */
  get sliceMs(): number {
    return this.settings.localSliceMs;
  }

  async configure(poolId: string, level: number): Promise<void> {
    PoolLevels.check(poolId, level);
    await this.started;
    await this.levels.configure(poolId, level);
  }

  async remove(poolId: string): Promise<void> {
    await this.started;
    await this.levels.remove(poolId);
  }

  async bind(connectionId: string, poolId: string): Promise<void> {
    await this.started;
    const reply = (await this.process.commands.config(LUA.bind, [connectionId, poolId])) as number[];
    if (reply[0] === 0) throw new PoolError('unknown_pool', poolId, `Unknown concurrency pool ${poolId}`);
    this.process.view.wrote(reply[1]);
    this.process.view.setBinding(connectionId, poolId);
    await this.mover.follow(connectionId);
  }

  async unbind(connectionId: string): Promise<void> {
    await this.started;
    const [, version] = (await this.process.commands.config(LUA.unbind, [connectionId])) as number[];
    this.process.view.wrote(version);
    this.process.view.setBinding(connectionId, undefined);
    await this.mover.follow(connectionId);
  }

  poolOf(connectionId: string): string | undefined {
    return this.process.view.poolOf(connectionId);
  }

  acquire(connectionId: string, options?: AcquireOptions): Promise<PoolLease> {
    if (!this.isStarted) {
      return this.started.then(
        () => this.acquireNow(connectionId, options),
        (error: unknown) => {
          // Never started (Redis unreachable at start-up): a per-request PoolError like any outage.
          throw new PoolError('unavailable', this.process.view.poolOf(connectionId), (error as Error).message, { cause: error });
        },
      );
    }
    return this.acquireNow(connectionId, options);
  }

  async stats(): Promise<readonly PoolStats[]> {
    await this.started;
    const snapshot = await this.configSync.readSnapshot();
    return Promise.all(
      snapshot.poolIds.map(async (poolId) => {
        // Known level 0: reading stats never restores a pool (a pool being created has no level for a moment).
        const [level, inFlight, queued] = (await this.process.commands.pool(LUA.stats, poolId, [], 0)) as number[];
        const connectionIds = [...snapshot.bindings].filter(([, pool]) => pool === poolId).map(([connection]) => connection).sort();
        // This process's own declaration, shown only where another participant's lower one is in effect.
        const declaredLevel = this.levels.declaredLevel(poolId);
        return { poolId, level, inFlight, queued, connectionIds, ...(declaredLevel === undefined || declaredLevel === level ? {} : { declaredLevel }) };
      }),
    );
  }

  /** Grants that arrived too late to be used safely and were given back (fencing; diagnostics). */
  get staleGrantCount(): number {
    return this.grants.staleGrantCount;
  }

  /** Permits of dead processes this process reclaimed (liveness; diagnostics). */
  get reclaimedPermits(): number {
    return this.liveness.reclaimedPermits;
  }

  /** Permits this process passed from one holder to the next within their slices, without Redis (diagnostics). */
  get localHandOffs(): number {
    return this.slices.count;
  }

  /** Grants to and releases by this process, per pool (tests, diagnostics). */
  permitCounts(poolId: string): { readonly granted: number; readonly returned: number } | undefined {
    return this.grants.counts.of(poolId);
  }

  /** Waits for permits cooling down, stops the heartbeat, fails this process's waiters, returns its leases and disconnects. */
  async close(): Promise<void> {
    if (this.process.closed) return;
    // CartRover may still be working on the requests these permits covered: they count until then.
    while (this.cooling.size > 0) await Promise.all([...this.cooling]);
    this.slices.flush();
    this.process.closed = true;
    this.heartbeat.stop();
    const queued: RedisWaiter[] = [];
    for (const waiter of [...this.process.waiters.values()]) {
      if (waiter.phase === 'queued') queued.push(waiter);
      this.grants.fail(waiter, new PoolError('unavailable', waiter.poolId, `The concurrency pools were shut down while waiting for pool ${waiter.poolId}`));
    }
    await this.started.catch(() => undefined);
    if (this.process.connection.ready) {
      // Leave the lines and return the permits now rather than after the TTL.
      const withdrawals = queued.map((waiter) => this.grants.withdraw(waiter, 'release'));
      const returned = Promise.all([...withdrawals, this.grants.returnAllOnClose(), this.liveness.forgetSelf().catch(() => undefined)]);
      // Unanswered (Redis stalled or lost meanwhile): what was not returned expires with the TTL.
      if (!(await settlesWithin(returned, CLOSE_GRACE_MS, this.process.clock))) this.process.logger?.warn('Redis did not confirm the permits returned on close; they expire with their lease TTL');
    }
    await this.process.connection.close();
  }

  returnLease(lease: RedisLease, coolDownMs = 0): void {
    if (coolDownMs > 0 && !this.process.closed) {
      // Still held (and renewed) until the cool-down is over; `close` waits for it.
      const cooled = this.process.clock.sleep(coolDownMs).then(() => {
        this.cooling.delete(cooled);
        this.returnLease(lease);
      });
      this.cooling.add(cooled);
      return;
    }
    this.process.leases.delete(lease.id);
    this.slices.released(lease);
    this.grants.counts.returned(lease.poolId);
  }

  private acquireNow(connectionId: string, options: AcquireOptions | undefined): Promise<PoolLease> {
    const poolId = this.process.view.poolOf(connectionId);
    const refusal = acquireRefusal(connectionId, poolId, options);
    if (refusal || !poolId) return Promise.reject(refusal);
    const held = currentHeldPermits();
    const timeoutMs = options?.timeoutMs;
    const priority = options?.priority ?? 0;
    if (this.process.closed || !this.process.connection.ready) return Promise.reject(this.grants.unavailable(poolId));
    if (this.eviction.refusal) return Promise.reject(evictionRefusal(poolId, this.eviction.refusal));
    // A permit released in this turn of the event loop, within its slice (see slice-hand-off.ts).
    const served = this.slices.serve(poolId, connectionId, priority, timeoutMs === 0);
    if (served && 'lease' in served) return Promise.resolve(served.lease);
    return new Promise<PoolLease>((resolve, reject) => {
      const adopted = served?.adopt;
      if (served) this.slices.grantInPlaceOf(served.kept, served.adopt);
      const id = adopted?.id ?? `${this.processId}/${(this.nextWaiterNumber++).toString(36)}`;
      const waiter = new RedisWaiter(id, connectionId, poolId, priority, held, resolve, reject);
      this.process.waiters.set(id, waiter);
      waiter.watch(options?.signal, timeoutMs, this.aborts, (reason) => this.grants.giveUp(waiter, reason, timeoutMs));
      if (adopted) {
        waiter.member = adopted.member;
        waiter.phase = 'queued';
      } else void this.grants.enqueue(waiter, poolId, timeoutMs === 0 ? 'try' : 'wait', this.settings.maxQueued);
    });
  }

  private onMessage(channel: string, message: string): void {
    if (channel === this.process.keys.configChannel) {
      if (Number(message) !== this.process.view.knownVersion) void this.configSync.reload();
      return;
    }
    const [waiterId, poolId, level, expiry] = message.split(' ');
    const waiter = this.process.waiters.get(waiterId);
    // Unknown or settled: it gave up, and its withdraw (sent after this grant) returns the permit.
    if (waiter && !waiter.settled) this.grants.grant(waiter, poolId, Number(level), Number(expiry));
  }

  private async start(): Promise<void> {
    const { connection, keys } = this.process;
    await connection.open([keys.configChannel, keys.grantChannel(this.processId)], keys.prefix);
    let refusal: string | undefined;
    try {
      refusal = await this.eviction.check();
      if (!refusal) {
        await this.configSync.checkEpoch();
        await this.configSync.readSnapshot(); // not `reload`: a refusal (ACL, Cluster) must fail the start
        await this.liveness.report(); // also the first sample of Redis time: grants are fenced from the start
      }
    } catch (error) {
      await connection.close();
      throw new Error(describeRedisFailure(error, redactRedisUrl(this.settings.url), keys.prefix), { cause: error });
    }
    if (refusal) {
      await connection.close();
      throw new Error(refusal);
    }
    this.isStarted = true;
    this.heartbeat.start();
  }
}
