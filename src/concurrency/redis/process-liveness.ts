import { LUA } from './pool-commands';
import type { PoolLevels } from './pool-levels';
import type { RedisPoolProcess } from './redis-pool-process';
import { pairs } from './redis-reply-pairs';

/**
 * Liveness, apart from the (long) lease TTL: every heartbeat renews this process's `alive` mark
 * (and samples Redis time for fencing), and reclaims the permits and places in line of processes
 * that are silent and whose connection Redis no longer lists (killed: their kernel closed the
 * socket). A silent process still connected (stopped, or Redis paused) keeps everything until its
 * leases' TTL.
 */
export class ProcessLiveness {
  /** The Redis client id of the command connection, once known (fetched again after a reconnect). */
  private clientId: string | undefined;
  /** `CLIENT LIST` refused (ACL): dead processes are reclaimed by the lease TTL only. */
  private checkRefused = false;
  private reclaimed = 0;

  constructor(
    private readonly process: RedisPoolProcess,
    private readonly levels: PoolLevels,
  ) {}

  /** Permits of dead processes this process reclaimed (diagnostics). */
  get reclaimedPermits(): number {
    return this.reclaimed;
  }

  /** A new connection: registered again at the next report. */
  reconnected(): void {
    this.clientId = undefined;
  }

  /** Marks this process alive (declaring its levels again if Redis had forgotten it) and reclaims dead processes. */
  async report(): Promise<void> {
    const { connection, commands, settings, logger, processId, participantId } = this.process;
    this.clientId ??= await connection.clientId();
    const sentAt = performance.now();
    const reply = (await commands.liveness(LUA.alive, [processId, this.clientId ?? '', String(settings.graceMs), participantId])) as (string | number)[];
    this.process.redisClock.sample(sentAt, Number(reply[0]));
    if (Number(reply[1]) === 0) await this.levels.declareAgain();
    const silent = pairs(reply.slice(2).map(String)).filter(([, clientId]) => clientId !== '');
    if (silent.length === 0 || this.checkRefused) return;
    const listed = await connection.listedClientIds(silent.map(([, clientId]) => clientId));
    if (!listed) {
      this.checkRefused = true;
      logger?.warn(
        'The Redis user may not run CLIENT LIST: a crashed process\'s permits come back only after the lease TTL. Allow +client|list (and +client|id) for fast recovery',
        { leaseTtlMs: settings.ttlMs },
      );
      return;
    }
    const dead = silent.filter(([, clientId]) => !listed.has(clientId)).map(([processId]) => processId);
    if (dead.length === 0) return;
    const counts = await Promise.all(this.process.view.pools().map((poolId) => this.reapIn(poolId, dead)));
    const permits = counts.reduce((sum, [reclaimed]) => sum + reclaimed, 0);
    await this.levels.applyAfterLeaving((await commands.liveness(LUA.forget, [String(settings.graceMs), ...dead])) as (string | number)[]);
    this.reclaimed += permits;
    if (permits > 0) logger?.info('Reclaimed the permits of a process whose Redis connection closed (it died)', { processes: dead.length, permits });
  }

  /** Leaving: no other process needs to decide whether this one died, and this participant's declarations may go. */
  async forgetSelf(): Promise<void> {
    await this.levels.applyAfterLeaving((await this.process.commands.liveness(LUA.forget, ['-1', this.process.processId])) as (string | number)[]);
  }

  private async reapIn(poolId: string, dead: readonly string[]): Promise<[number, number]> {
    const extra = [String(this.process.settings.graceMs), ...dead];
    return (await this.process.commands.pool(LUA.reap, poolId, extra, 0, [this.process.keys.config.alive])) as [number, number];
  }
}
