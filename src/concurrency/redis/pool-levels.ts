import { MIN_POOL_LEVEL } from '../in-process-pool-registry';
import type { PermitCounts } from './permit-counts';
import { LUA } from './pool-commands';
import type { RedisPoolProcess } from './redis-pool-process';

/**
 * Creating, resizing and removing shared pools. `configure` *declares* this participant's level;
 * the level in effect is the lowest declared by a live participant (`config-scripts.ts`), so no
 * process raises a level another live one declared lower, and when that one leaves, the level goes
 * back to the next lowest. A level applies at once and preempts nobody (grants resume below it).
 * A lowered level counts as applied only once no other process can still pass on a permit granted
 * under the old one within its time slice: each holder acknowledges when it has loaded the new
 * level, or its permits come back.
 */
export class PoolLevels {
  /** This participant's declarations made by this process, made again if Redis forgot them. */
  private readonly declared = new Map<string, number>();

  constructor(
    private readonly process: RedisPoolProcess,
    private readonly counts: PermitCounts,
  ) {}

  static check(poolId: string, level: number): void {
    if (!Number.isInteger(level) || level < MIN_POOL_LEVEL) {
      throw new RangeError(`Concurrency level of pool ${poolId} must be a whole number of at least ${MIN_POOL_LEVEL}, got ${level}`);
    }
  }

  /** The level this process declared for the pool (undefined: none). */
  declaredLevel(poolId: string): number | undefined {
    return this.declared.get(poolId);
  }

  async configure(poolId: string, level: number): Promise<void> {
    const { commands, view } = this.process;
    this.declared.set(poolId, level);
    const reply = (await commands.config(LUA.registerPool, [poolId, String(level), this.process.participantId])) as [number, number, number, number];
    const [, version, changed, inEffect] = reply;
    view.wrote(version);
    view.setPool(poolId, inEffect); // from here this process passes on no permit granted above it
    await this.apply(poolId, inEffect, version, changed === 1);
    this.counts.retire(poolId, false);
  }

  async remove(poolId: string): Promise<void> {
    const reply = (await this.process.commands.config(LUA.removePool, [poolId])) as [number, ...(string | number)[]];
    if (reply[0] === 0) {
      const members = (reply.slice(1) as string[]).sort();
      throw new Error(`Concurrency pool ${poolId} still has members: ${members.join(', ')}`);
    }
    this.declared.delete(poolId);
    this.process.view.wrote(reply[1] as number);
    this.process.view.dropPool(poolId);
    this.counts.retire(poolId, true);
  }

  /** Redis forgot this process (it was taken for dead, or lost its data): its declarations are made again. */
  async declareAgain(): Promise<void> {
    for (const [poolId, level] of [...this.declared]) {
      if (this.process.view.hasPool(poolId)) await this.configure(poolId, level);
    }
  }

  /**
   * Levels in effect that went up when participants left (`FORGET_SCRIPT`'s reply: the version, then
   * pool / level pairs): applied to the pools (a level never goes down when a participant leaves).
   */
  async applyAfterLeaving(reply: readonly (string | number)[]): Promise<void> {
    const version = Number(reply[0]);
    for (let index = 1; index + 1 < reply.length; index += 2) {
      const poolId = String(reply[index]);
      await this.apply(poolId, Number(reply[index + 1]), version, false);
    }
  }

  /** Sets the level in effect on the pool's own keys (a level older than the pool's is ignored there). */
  private async apply(poolId: string, level: number, version: number, changed: boolean): Promise<void> {
    const { commands, processId } = this.process;
    const [lowered, ...others] = (await commands.pool(LUA.configure, poolId, [String(level), processId, String(version)], 0)) as [number, ...string[]];
    if (lowered === 1 && changed && others.length > 0) await this.awaitSlicesEnded(poolId, version, others);
  }

  /** Waits for the acknowledgements of a lowered level; bounded by the lease TTL (a process that died holding permits). */
  private async awaitSlicesEnded(poolId: string, version: number, processIds: string[]): Promise<void> {
    const { clock, settings, commands, logger } = this.process;
    const deadline = clock.now() + settings.ttlMs + settings.heartbeatMs;
    let pending = processIds;
    while (pending.length > 0) {
      pending = (await commands.pool(LUA.sliceAcks, poolId, [String(version), ...pending], 0)) as string[];
      if (pending.length === 0) return;
      if (clock.now() >= deadline) {
        logger?.warn('Lowered a concurrency level without an acknowledgement from every process holding permits', { poolId, processes: pending.length });
        return;
      }
      await clock.sleep(2);
    }
  }
}
