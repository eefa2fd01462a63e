import { PoolError } from '../pool-error';
import { PermitCounts } from './permit-counts';
import { LUA } from './pool-commands';
import { unavailablePoolError } from './redis-failure';
import { RedisLease, type LeaseReturn } from './redis-lease';
import type { RedisPoolProcess } from './redis-pool-process';
import type { RedisWaiter } from './redis-waiter';

/**
 * How a permit reaches one of this process's waiters through Redis and goes back: asking for one
 * (a lease at once or a place in line), a grant (fenced: used only while provably valid), giving
 * up, withdrawing and releasing (retried by the heartbeat while Redis is away).
 */
export class PermitGrants {
  readonly counts = new PermitCounts();
  /** Releases Redis did not confirm (it was away): retried by the heartbeat. */
  private readonly unreturned = new Map<string, RedisLease>();
  /** Releases sent and not yet answered: `close` waits for them (a closed socket would drop them). */
  private readonly releasesInFlight = new Set<Promise<unknown>>();
  private staleGrants = 0;
  /** A waiter was queued in a pool its connection is no longer bound to: the re-bind mover follows. */
  onRebound: (connectionId: string) => void = () => undefined;

  constructor(
    private readonly process: RedisPoolProcess,
    private readonly leaseOwner: LeaseReturn,
  ) {}

  /** Grants that arrived too late to be used safely and were given back (fencing; diagnostics). */
  get staleGrantCount(): number {
    return this.staleGrants;
  }

  /** Asks the pool's script for a permit now, else a place in line. */
  async enqueue(waiter: RedisWaiter, poolId: string, mode: 'wait' | 'try', maxQueued: number): Promise<void> {
    waiter.phase = 'enqueuing';
    waiter.poolId = poolId;
    waiter.member = undefined;
    let reply: [number, (string | number)?, number?];
    const sentAt = performance.now();
    try {
      reply = (await this.process.commands.pool(LUA.acquire, poolId, [waiter.id, String(-waiter.priority), mode, String(maxQueued)])) as typeof reply;
    } catch (error) {
      this.fail(waiter, this.unavailable(poolId, error));
      return;
    }
    switch (reply[0]) {
      case 1:
        if (waiter.outcome === 'failed') this.returnUnused(waiter, poolId);
        else {
          this.process.redisClock.sample(sentAt, Number(reply[2]) - this.process.settings.ttlMs);
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
        } else if (!waiter.settled && this.process.view.poolOf(waiter.connectionId) !== poolId) this.onRebound(waiter.connectionId);
    }
  }

  /** Queues a waiter again after its place was lost (expired, Redis lost it, or a stale grant). */
  requeue(waiter: RedisWaiter, poolId: string): void {
    void this.enqueue(waiter, this.process.view.poolOf(waiter.connectionId) ?? poolId, 'wait', -1);
  }

  /**
   * A grant Redis made. `grantLevel`: the pool's level then (unknown: the permit is never passed
   * on); `expiry`: the lease's expiry in Redis time, which fences it (see {@link deliver}).
   */
  grant(waiter: RedisWaiter, poolId: string, grantLevel: number, expiry: number): void {
    // No expiry (a grant message of an older version of this code): unfenced, as that version was.
    const validUntil = Number.isFinite(expiry) ? this.process.redisClock.localDeadline(expiry) : Number.POSITIVE_INFINITY;
    const sliceEndsAt = Number.isFinite(grantLevel) ? performance.now() + this.process.settings.localSliceMs : 0;
    this.deliver(waiter, new RedisLease(this.leaseOwner, poolId, waiter.connectionId, waiter.id, sliceEndsAt, grantLevel, 1, validUntil));
  }

  /** A permit Redis granted to a waiter that had already given up: straight back. */
  returnUnused(waiter: RedisWaiter, poolId: string): void {
    this.sendRelease(new RedisLease(this.leaseOwner, poolId, waiter.connectionId, waiter.id));
    waiter.flushFailure();
  }

  /**
   * Fencing: the waiter gets the permit only while its lease is provably still in Redis for at
   * least one more heartbeat (which renews it). A grant read late (this process was stopped, or its
   * event loop stalled, while the message waited) may have expired and gone to another process: it
   * is given back unused and the waiter queues again.
   */
  deliver(waiter: RedisWaiter, lease: RedisLease): void {
    this.process.waiters.delete(waiter.id);
    if (waiter.settled) return; // it gave up: its withdraw (sent after this grant) returns the permit
    if (!this.provablyValid(lease)) {
      this.returnStale(waiter, lease);
      return;
    }
    if (!waiter.grant(lease)) return;
    this.taken(lease);
  }

  /** A permit now held by a caller of this process. */
  taken(lease: RedisLease): void {
    this.process.leases.set(lease.id, lease);
    this.counts.granted(lease.poolId, this.process.view.hasPool(lease.poolId));
  }

  /** The lease stays in Redis for at least one more heartbeat, by this process's bound on Redis time. */
  provablyValid(lease: RedisLease): boolean {
    return performance.now() + this.process.settings.heartbeatMs < lease.validUntil;
  }

  private returnStale(waiter: RedisWaiter, lease: RedisLease): void {
    this.staleGrants++;
    this.process.logger?.warn('A permit of a Redis concurrency pool arrived too late to be used safely (was this process stopped or stalled?): returned, the request waits again', {
      poolId: lease.poolId,
      staleGrants: this.staleGrants,
    });
    this.sendRelease(lease); // sent before the new place is asked for: same connection, in order
    this.process.waiters.set(waiter.id, waiter);
    // Already asking for a new place (the heartbeat found its old one gone): that one stands.
    if (waiter.phase === 'queued') this.requeue(waiter, lease.poolId);
  }

  /** Fails the waiter now, or delivers the failure it already had (gave up while a script was in flight). */
  fail(waiter: RedisWaiter, error: unknown): void {
    this.process.waiters.delete(waiter.id);
    if (!waiter.fail(error)) waiter.flushFailure();
  }

  giveUp(waiter: RedisWaiter, reason: 'aborted' | 'timeout', timeoutMs: number | undefined): void {
    const poolId = waiter.poolId;
    this.leaveLine(
      waiter,
      reason === 'aborted'
        ? new PoolError('aborted', poolId, `Gave up waiting for a permit of concurrency pool ${poolId}: aborted`, { cause: waiter.abortReason })
        : new PoolError('timeout', poolId, `Timed out after ${timeoutMs} ms waiting for a permit of concurrency pool ${poolId}`),
    );
  }

  /** Fails every waiter of this process while Redis is up (each leaves its line; a permit granted meanwhile goes back). */
  refuseAll(errorFor: (poolId: string) => unknown): void {
    for (const waiter of [...this.process.waiters.values()]) this.leaveLine(waiter, errorFor(waiter.poolId));
  }

  private leaveLine(waiter: RedisWaiter, error: unknown): void {
    if (waiter.settled) return;
    this.process.waiters.delete(waiter.id);
    waiter.failLater(error);
    // A script in flight (enqueue, move) cleans up when it answers, then rejects; a queued waiter
    // leaves the line now (the withdraw is sent before the caller hears of the failure).
    if (waiter.phase === 'queued') {
      void this.withdraw(waiter, 'release');
      waiter.flushFailure();
      return;
    }
    // The caller still hears within a heartbeat should the script never answer (a stalled or lost
    // connection): a timeout is kept even then; the script's answer, if it comes, still cleans up.
    void this.process.clock.sleep(this.process.settings.heartbeatMs).then(() => waiter.flushFailure());
  }

  /** Takes the waiter out of its pool's line; a permit granted meanwhile is returned or kept. */
  async withdraw(waiter: RedisWaiter, onGranted: 'release' | 'keep'): Promise<string> {
    const poolId = waiter.poolId;
    try {
      return String(await this.process.commands.pool(LUA.withdraw, poolId, [waiter.id, waiter.member ?? '', onGranted], 0));
    } catch (error) {
      // Redis away: the place in line (and a permit granted to it) expires with the TTL, unrenewed.
      this.process.logger?.warn('Could not withdraw a waiter from a Redis concurrency pool', { poolId, error: (error as Error).message });
      return 'unknown';
    }
  }

  sendRelease(lease: RedisLease): void {
    this.unreturned.delete(lease.id);
    if (!this.process.connection.ready) {
      this.unreturned.set(lease.id, lease);
      return;
    }
    const sent = this.process.commands
      .poolNow(LUA.release, lease.poolId, [lease.id, this.process.processId])
      .then((reply) => {
        // Permits the script handed to this process's own waiters (no pub/sub hop for those).
        const [, level, expiry, ...ids] = reply as [number, number, number, ...string[]];
        for (const id of ids) {
          const waiter = this.process.waiters.get(String(id));
          if (waiter && !waiter.settled) this.grant(waiter, lease.poolId, Number(level), Number(expiry));
        }
      })
      .catch(() => {
        if (!this.process.closed) this.unreturned.set(lease.id, lease);
      })
      .finally(() => this.releasesInFlight.delete(sent));
    this.releasesInFlight.add(sent);
  }

  /** Sends again the releases Redis did not confirm (the heartbeat). */
  retryReleases(): void {
    for (const lease of [...this.unreturned.values()]) this.sendRelease(lease);
  }

  /** On close: waits for the releases sent, and returns the unconfirmed ones with the held ones. */
  async returnAllOnClose(): Promise<void> {
    await Promise.all([
      ...this.releasesInFlight,
      ...[...this.process.leases.values(), ...this.unreturned.values()].map((lease) =>
        this.process.commands.pool(LUA.release, lease.poolId, [lease.id]).catch(() => undefined),
      ),
    ]);
  }

  unavailable(poolId: string, cause?: unknown): PoolError {
    return unavailablePoolError(poolId, this.process.settings.url, cause);
  }
}
