import type { PoolStats } from 'cartrover-connector/contracts';
import { writeLine, type CliIo } from './cli-io';

/** How often a running command reads its pool's level in effect. */
const WATCH_EVERY_MS = 1000;

export interface PoolLevelWatch {
  stop(): Promise<void>;
}

/**
 * Part of a command's progress on stderr: the level in effect of its pool when it is not the one
 * this run declared (`--concurrency`). On Redis the lowest level declared by a live process of the
 * same API user holds for every one of them, so a run asking for 5 beside one at 2 sends 2 at most:
 * one line says so when the run starts or the level in effect changes, and one when it is back.
 */
export async function watchPoolLevel(poolStats: () => Promise<PoolStats | undefined>, io: CliIo): Promise<PoolLevelWatch> {
  let shown: string | undefined;
  const check = async (): Promise<void> => {
    const stats = await poolStats().catch(() => undefined);
    if (!stats) return;
    const line =
      stats.declaredLevel === undefined
        ? `Concurrency: ${stats.level} requests at most, as this run declared`
        : `Concurrency: ${stats.level} requests at most: another live process on this Redis declared ${stats.level} for this API user (this run declared ${stats.declaredLevel}; the lowest holds)`;
    if (shown === undefined && stats.declaredLevel === undefined) {
      shown = line; // the run's own level: nothing to say
      return;
    }
    if (line !== shown) writeLine(io.stderr, line);
    shown = line;
  };
  await check();
  let checking = Promise.resolve();
  const timer = setInterval(() => {
    checking = checking.then(check);
  }, WATCH_EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await checking;
    },
  };
}
