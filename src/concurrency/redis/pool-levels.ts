import { MIN_POOL_LEVEL } from '../in-process-pool-registry';
import type { PermitCounts } from './permit-counts';
import { LUA } from './pool-commands';
import type { RedisPoolProcess } from './redis-pool-process';

/**
 * Creating, resizing and removing shared pools. A level applies at once and preempts nobody
 * (grants resume below it). A lowered level counts as applied only once no other process can still
 * pass on a permit granted under the old one within its time slice: each holder acknowledges when
 * it has loaded the new level, or its permits come back.
 */
export class PoolLevels {
  constructor(
    private readonly process: RedisPoolProcess,
    private readonly counts: PermitCounts,
  ) {}

  static check(poolId: string, level: number): void {
    if (!Number.isInteger(level) || level < MIN_POOL_LEVEL) {
      throw new RangeError(`Concurrency level of pool ${poolId} must be a whole number of at least ${MIN_POOL_LEVEL}, got ${level}`);
    }
  }

  async configure(poolId: string, level: number): Promise<void> {
    const { commands, view, processId } = this.process;
    const [, version, changed] = (await commands.config(LUA.registerPool, [poolId, String(level)])) as [number, number, number];
    view.wrote(version);
    view.setPool(poolId, level); // from here this process passes on no permit granted above it
    const [lowered, ...others] = (await commands.pool(LUA.configure, poolId, [String(level), processId], 0)) as [number, ...string[]];
    if (lowered === 1 && changed === 1 && others.length > 0) await this.awaitSlicesEnded(poolId, version, others);
    this.counts.retire(poolId, false);
  }

  async remove(poolId: string): Promise<void> {
    const reply = (await this.process.commands.config(LUA.removePool, [poolId])) as [number, ...(string | number)[]];
    if (reply[0] === 0) {
      const members = (reply.slice(1) as string[]).sort();
      throw new Error(`Concurrency pool ${poolId} still has members: ${members.join(', ')}`);
    }
    this.process.view.wrote(reply[1] as number);
    this.process.view.dropPool(poolId);
    this.counts.retire(poolId, true);
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
