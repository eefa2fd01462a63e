import { evictionRefusal, type EvictionPolicyCheck } from './eviction-policy-check';
import type { PermitGrants } from './permit-grants';
import { LUA } from './pool-commands';
import type { ProcessLiveness } from './process-liveness';
import { queuedWaiters, type RedisPoolProcess } from './redis-pool-process';
import type { SharedConfigSync } from './shared-config-sync';

/** The heartbeat reads the shared epoch and configuration version every this many beats. */
const CONFIG_CHECK_EVERY_BEATS = 3;

/**
 * The one heartbeat of a process (every `heartbeatMs`, jittered; never two at once): renews its
 * leases and places in line, reports it alive (and reclaims dead processes), retries releases Redis
 * did not confirm, and reports grants whose message was lost (pub/sub drops messages across
 * reconnects: the fallback poll). Every third beat, and after a reconnect, it also checks the epoch
 * and configuration version. While Redis is away, queued waiters fail after the outage limit.
 */
export class PoolHeartbeat {
  private wake: AbortController | undefined;
  private ticking: Promise<void> | undefined;
  private configCheckDue = false;
  private beatsSinceConfigCheck = 0;

  constructor(
    private readonly process: RedisPoolProcess,
    private readonly grants: PermitGrants,
    private readonly liveness: ProcessLiveness,
    private readonly config: SharedConfigSync,
    private readonly eviction: EvictionPolicyCheck,
  ) {}

  start(): void {
    this.schedule();
  }

  /** After a reconnect: beat now and check the configuration (changes may have been missed). */
  reconnected(): void {
    this.configCheckDue = true;
    this.beat();
  }

  stop(): void {
    this.wake?.abort();
    this.wake = undefined;
  }

  private schedule(): void {
    if (this.process.closed) return;
    const wake = new AbortController();
    this.wake = wake;
    const jittered = this.process.settings.heartbeatMs * (0.8 + Math.random() * 0.4);
    this.process.clock.sleep(jittered, wake.signal).then(
      () => this.beat(),
      () => undefined, // stopped, or beaten early
    );
  }

  private beat(): void {
    if (this.process.closed || this.ticking) return;
    this.stop();
    this.ticking = this.tick()
      .catch((error: unknown) => this.process.logger?.warn('Heartbeat of the Redis concurrency pools failed', { error: (error as Error).message }))
      .finally(() => {
        this.ticking = undefined;
        this.schedule();
      });
  }

  private async tick(): Promise<void> {
    const { connection, settings, keys, view } = this.process;
    if (!connection.ready) {
      if (connection.downForMs(this.process.clock.now()) >= settings.failWaitersAfterOutageMs) {
        for (const waiter of [...this.process.waiters.values()]) this.grants.fail(waiter, this.grants.unavailable(waiter.poolId));
      }
      return;
    }
    // Pub/sub announces every change and a reconnect checks at once; this check only backs them
    // up, so every third beat is enough (one command fewer per beat: the idle cost of a process).
    let restore = false;
    if (this.configCheckDue || ++this.beatsSinceConfigCheck >= CONFIG_CHECK_EVERY_BEATS) {
      this.configCheckDue = false;
      this.beatsSinceConfigCheck = 0;
      const [epoch, versionText] = await connection.getMany([keys.config.epoch, keys.config.version]);
      restore = await this.config.checkEpoch(epoch);
      const version = Number(versionText ?? '0');
      if (restore || version !== view.knownVersion) await this.config.reload();
      const refusal = await this.eviction.check(); // D7: the policy may have been changed at run time
      if (refusal) this.grants.refuseAll((poolId) => evictionRefusal(poolId, refusal));
    }
    this.noteExpiredLeases();
    await this.liveness.report();
    this.grants.retryReleases();
    const pools = new Set<string>();
    for (const lease of this.process.leases.values()) pools.add(lease.poolId);
    for (const waiter of queuedWaiters(this.process)) pools.add(waiter.poolId);
    await Promise.all([...pools].map((poolId) => this.tickPool(poolId, restore)));
  }

  private async tickPool(poolId: string, restore: boolean): Promise<void> {
    const { leases: held, redisClock, settings, logger } = this.process;
    const leases = [...held.values()].filter((lease) => lease.poolId === poolId);
    const waiters = queuedWaiters(this.process, poolId);
    const members = waiters.map((waiter) => waiter.member!);
    const sentAt = performance.now();
    const reply = (await this.process.commands.pool(LUA.tick, poolId, [
      String(leases.length),
      restore ? 'restore' : 'renew',
      ...leases.map((lease) => lease.id),
      ...members,
    ])) as string[];
    const redisNow = Number(reply[0]);
    redisClock.sample(sentAt, redisNow);
    const separator = reply.indexOf('#');
    const lostIds = new Set(reply.slice(1, separator));
    // Renewed: valid until now + TTL in Redis time (the holder now, if the permit was passed on meanwhile).
    const renewedUntil = redisClock.localDeadline(redisNow + settings.ttlMs);
    for (const lease of leases) {
      const holder = held.get(lease.id) ?? lease;
      if (!lostIds.has(lease.id)) holder.validUntil = Math.max(holder.validUntil, renewedUntil);
    }
    for (const lostId of lostIds) {
      const lease = held.get(lostId);
      if (lease && !lease.lost) {
        lease.lost = true;
        logger?.warn('A permit lease of a Redis concurrency pool expired while held (event loop stalled longer than its TTL?)', { poolId, leaseTtlMs: settings.ttlMs });
      }
    }
    reply.slice(separator + 1).forEach((state, index) => {
      const waiter = waiters[index];
      // Moved or re-queued meanwhile: this answer is about a place it no longer has.
      if (waiter.settled || waiter.phase !== 'queued' || waiter.member !== members[index]) return;
      if (state === 'granted') this.grants.grant(waiter, poolId, Number.POSITIVE_INFINITY, redisNow + settings.ttlMs);
      else if (state === 'gone') this.grants.requeue(waiter, poolId); // expired or Redis lost it
    });
  }

  /**
   * A held lease whose fencing bound passed (this process was stopped, or its event loop stalled,
   * for longer than the lease could live unrenewed): it may have gone to another process, so it is
   * never passed on again and the stall is logged.
   */
  private noteExpiredLeases(): void {
    const now = performance.now();
    for (const lease of this.process.leases.values()) {
      if (lease.lost || now < lease.validUntil) continue;
      lease.lost = true;
      this.process.logger?.warn('A permit of a Redis concurrency pool may have expired while held: this process was stopped or stalled longer than the lease TTL', {
        poolId: lease.poolId,
        leaseTtlMs: this.process.settings.ttlMs,
      });
    }
  }
}
