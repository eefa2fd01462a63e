/**
 * A worker process of the Redis pool fault tests (run with `node --require transpile-register.js`).
 * Argument: a JSON {@link WorkerPlan}. Every event goes to the worker's own log file, one JSON line
 * each, written synchronously (a SIGKILL loses nothing already logged).
 *
 * Clock: {@link sharedClockMs}, the machine's monotonic clock (`CLOCK_MONOTONIC` on Linux), which is
 * one clock for every process: no skew between workers. `performance.timeOrigin + now()` is not: each
 * process anchors it to the wall clock when it starts, so a worker descheduled between the two
 * reads, or started across a wall-clock step, stamps every event off by that much, and a
 * cross-process hand-off faster than the offset reads as an overlap (the history checker then
 * reports holds above the level that never happened).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { RedisPoolRegistry } from '../../../src/concurrency/redis';
import { isPoolError } from '../../../src/concurrency/pool-error';
import { SeededRandom } from '../../../sandbox/src/seeded-random';
import { sharedClockMs } from './shared-clock';
import type { WorkerPlan } from './pool-worker-plan';

const now = sharedClockMs;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2]) as WorkerPlan;
  const file = openSync(plan.logFile, 'a');
  const log = (event: Record<string, unknown>) => writeSync(file, `${JSON.stringify({ ...event, at: now() })}\n`);
  // Seeded (the sandbox's mulberry32): runs are reproducible from the seed in the log.
  const generator = new SeededRandom(plan.seed);
  const rand = (): number => generator.next();
  const registry = await RedisPoolRegistry.connect({ url: plan.url, keyPrefix: plan.keyPrefix, leaseTtlMs: plan.leaseTtlMs });
  log({ t: 'start', pid: process.pid, seed: plan.seed });

  if (plan.mode === 'hold') {
    const leases = [];
    for (let index = 0; index < plan.holdPermits!; index++) leases.push(await registry.acquire(plan.holdConnection!));
    for (let index = 0; index < (plan.queuePermits ?? 0); index++) {
      registry.acquire(plan.holdConnection!).then(
        () => log({ t: 'granted-while-queued' }),
        () => undefined,
      );
    }
    log({ t: 'holding', count: leases.length });
    process.stdout.write('holding\n');
    await new Promise(() => undefined); // until killed
  }

  const end = now() + plan.durationMs!;
  let counter = 0;
  const loop = async (loopIndex: number) => {
    while (now() < end) {
      const id = `${process.pid}-${loopIndex}-${counter++}`;
      const connection = plan.connections![Math.floor(rand() * plan.connections!.length)];
      const priority = rand() < 0.2 ? 1 : 0;
      const timeoutMs = rand() < 0.25 ? 20 + Math.floor(rand() * 150) : undefined;
      const abortAfterMs = rand() < 0.15 ? Math.floor(rand() * 60) : undefined;
      const holdMs = 1 + Math.floor(rand() * 25);
      const controller = new AbortController();
      const abortTimer = abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), abortAfterMs);
      log({ t: 'req', id, connection, priority, timeoutMs: timeoutMs ?? null, abort: abortAfterMs ?? null });
      try {
        const lease = await registry.acquire(connection, { priority, timeoutMs, signal: controller.signal });
        log({ t: 'begin', id, pool: lease.poolId });
        await sleep(holdMs);
        log({ t: 'end', id, pool: lease.poolId });
        lease.release();
      } catch (error) {
        log({ t: 'rej', id, code: isPoolError(error) ? error.code : String(error) });
      } finally {
        if (abortTimer) clearTimeout(abortTimer);
      }
      if (rand() < 0.3) await sleep(Math.floor(rand() * 10));
    }
  };
  const control = async () => {
    const pools = plan.pools!;
    while (now() < end) {
      await sleep(150 + Math.floor(rand() * 250));
      if (now() >= end) break;
      if (rand() < 0.5) {
        const pool = pools[Math.floor(rand() * pools.length)];
        const level = 1 + Math.floor(rand() * plan.maxLevel!);
        log({ t: 'level-begin', pool, level });
        await registry.configure(pool, level);
        log({ t: 'level-end', pool, level });
      } else {
        const connection = plan.connections![0];
        const pool = pools[Math.floor(rand() * pools.length)];
        log({ t: 'rebind-begin', connection, pool });
        await registry.bind(connection, pool);
        log({ t: 'rebind-end', connection, pool });
      }
    }
  };
  await Promise.all([...Array.from({ length: plan.loops! }, (_, index) => loop(index)), ...(plan.controller ? [control()] : [])]);
  log({ t: 'done', handOffs: registry.localHandOffs });
  closeSync(file);
  await registry.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
