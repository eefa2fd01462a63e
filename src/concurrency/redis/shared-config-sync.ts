import { randomBytes } from 'node:crypto';
import { MIN_POOL_LEVEL } from '../in-process-pool-registry';
import { LUA } from './pool-commands';
import type { PoolConfigSnapshot } from './pool-config-view';
import type { RebindMover } from './rebind-mover';
import type { RedisPoolProcess } from './redis-pool-process';
import { pairs } from './redis-reply-pairs';

/**
 * Keeps this process's copy of the shared configuration (pools, levels, bindings) in step with
 * Redis, and recovers a Redis that lost its data: a new epoch means a restart without persistence,
 * and this process restores what it knew (versions carried on from the highest it knew, so no
 * process's view takes a new change for an old one: D1 of issue 23).
 */
export class SharedConfigSync {
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;
  private epoch: string | undefined;

  constructor(
    private readonly process: RedisPoolProcess,
    private readonly mover: RebindMover,
  ) {}

  /** Detects a Redis that lost its data (restart without persistence) and restores it; true when it did. */
  async checkEpoch(known?: string | null): Promise<boolean> {
    const { connection, keys, view, logger } = this.process;
    const seen = known === undefined ? await connection.get(keys.config.epoch) : known;
    if (seen !== null && seen === this.epoch) return false;
    if (seen === null) {
      await connection.setIfAbsent(keys.config.epoch, randomBytes(8).toString('hex'));
    }
    const first = this.epoch === undefined;
    this.epoch = (await connection.get(keys.config.epoch)) ?? undefined;
    if (first) return false;
    logger?.warn('Redis lost the concurrency pools (restarted empty?); restoring them from this process', {});
    const pools = view.pools().flatMap((poolId) => [poolId, String(view.levelOf(poolId) ?? MIN_POOL_LEVEL)]);
    const bindings = view.bindingEntries().flat();
    const knownVersion = view.newestVersion;
    // A new data set: the floor of this process's own writes belongs to the old one (D1: kept, it
    // made every later snapshot look older than a change made before the loss).
    view.forgetVersions();
    await this.process.commands.config(LUA.restoreConfig, [String(knownVersion), String(pools.length / 2), ...pools, ...bindings]);
    return true;
  }

  /** Reads the configuration again (coalesced: one read at a time, one more if asked meanwhile); failures are logged. */
  reload(): Promise<void> {
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
      .catch((error: unknown) => this.process.logger?.warn('Could not reload the shared pool configuration', { error: (error as Error).message }))
      .finally(() => {
        this.reloading = undefined;
      });
    return this.reloading;
  }

  /** Reads the shared configuration, applies it to the local view and follows changed bindings. */
  async readSnapshot(): Promise<PoolConfigSnapshot> {
    const { view } = this.process;
    const [version, poolIds, bindingList, levelList] = (await this.process.commands.config(LUA.snapshot, [])) as [number, string[], string[], string[]];
    const snapshot: PoolConfigSnapshot = {
      version,
      poolIds,
      bindings: new Map(pairs(bindingList)),
      levels: new Map(pairs(levelList).map(([pool, level]) => [pool, Number(level)])),
    };
    const levelsBefore = new Map(view.pools().map((poolId) => [poolId, view.levelOf(poolId)]));
    if (view.apply(snapshot)) {
      // A lowered level: this process passes on no permit granted above it from now; say so to the
      // process that lowered it, which waits for that before its change counts as applied.
      for (const [poolId, level] of snapshot.levels) {
        const before = levelsBefore.get(poolId);
        if (before !== undefined && level < before) {
          void this.process.commands.pool(LUA.ackLevel, poolId, [this.process.processId, String(snapshot.version)], 0).catch(() => undefined);
        }
      }
      this.mover.followChangedBindings();
    }
    return snapshot;
  }
}
