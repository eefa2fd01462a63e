import { isPoolError } from '../../../src/concurrency';
import type { PoolRegistry } from '../../../src/contracts';

/** What a closed-loop load on one connection saw, counted across all the registries it used. */
export interface LoadResult {
  /** Most holds at once across every registry (one counter: they all run in this process). */
  readonly maxConcurrent: number;
  readonly grants: number;
  /** Grant times (Date.now), to tell progress before and after a fault. */
  readonly grantTimes: number[];
  readonly refusals: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `loopsPerRegistry` loops per registry (each registry standing for one process) acquire, hold a
 * few ms and release until `until()` says stop. Refusals (Redis away) are counted, and the loop
 * goes on after a short pause, as a retrying caller would.
 */
export async function runLoad(
  registries: readonly PoolRegistry[],
  connectionId: string,
  options: {
    loopsPerRegistry: number;
    holdMs: [number, number];
    acquireTimeoutMs?: number;
    until: () => boolean;
    /** Called on every grant: a test waits for the load to be under way before its fault, instead of sleeping. */
    onGrant?: () => void;
  },
): Promise<LoadResult> {
  let holding = 0;
  let maxConcurrent = 0;
  const grantTimes: number[] = [];
  const refusals: Record<string, number> = {};
  const loop = async (registry: PoolRegistry) => {
    while (!options.until()) {
      try {
        const lease = await registry.acquire(connectionId, { timeoutMs: options.acquireTimeoutMs });
        holding++;
        maxConcurrent = Math.max(maxConcurrent, holding);
        grantTimes.push(Date.now());
        options.onGrant?.();
        const [low, high] = options.holdMs;
        await sleep(low + Math.floor(Math.random() * (high - low + 1)));
        holding--;
        lease.release();
      } catch (error) {
        const code = isPoolError(error) ? error.code : `error: ${(error as Error).message}`;
        refusals[code] = (refusals[code] ?? 0) + 1;
        await sleep(20);
      }
    }
  };
  await Promise.all(registries.flatMap((registry) => Array.from({ length: options.loopsPerRegistry }, () => loop(registry))));
  return { maxConcurrent, grants: grantTimes.length, grantTimes, refusals };
}
