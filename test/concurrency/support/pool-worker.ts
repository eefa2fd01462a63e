import { systemClock } from '../../../src/contracts';
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
import { createPoolRequestHook } from '../../../src/concurrency/pool-request-hook';
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
  const warnings: string[] = [];
  const logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message: string) => void warnings.push(message),
    error: (message: string) => void warnings.push(message),
  };
  const registry = await RedisPoolRegistry.connect({ url: plan.url, clock: systemClock, keyPrefix: plan.keyPrefix, leaseTtlMs: plan.leaseTtlMs, logger });
  log({ t: 'start', pid: process.pid, seed: plan.seed });

  if (plan.mode === 'http') {
    await sendToStandIn(registry, plan, rand, warnings);
    await registry.close();
    return;
  }

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

/**
 * `http` mode: waits for `go` on stdin, then `loops` loops send requests to the stand-in through
 * the pool's request hook (as the CartRover client does) for `durationMs`; prints one `done` JSON line.
 */
async function sendToStandIn(registry: RedisPoolRegistry, plan: WorkerPlan, rand: () => number, warnings: string[]): Promise<void> {
  const hook = createPoolRequestHook(registry, plan.holdConnection!, plan.coolDownMs === undefined ? {} : { coolDownMs: plan.coolDownMs });
  if (plan.declareLevel !== undefined) await registry.configure(registry.poolOf(plan.holdConnection!)!, plan.declareLevel);
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  const end = now() + plan.durationMs!;
  const counts = { sent: 0, answered: 0, timedOut: 0, refused: 0 };
  const [low, high] = plan.workMs!;
  const timeoutMs = plan.requestTimeoutMs ?? 60_000;
  const send = async (): Promise<void> => {
    const work = low + Math.floor(rand() * (high - low + 1));
    counts.sent++;
    try {
      await fetch(`${plan.standInUrl}/work?ms=${work}&worker=${plan.name}`, { signal: AbortSignal.timeout(timeoutMs) }).then((response) => response.text());
      counts.answered++;
    } catch (error) {
      if ((error as Error).name !== 'TimeoutError') throw error;
      counts.timedOut++;
      throw Object.assign(new Error(`no answer within ${timeoutMs} ms`), { kind: 'timeout' }); // as the CartRover client says it
    }
  };
  const loop = async () => {
    while (now() < end) {
      try {
        await hook(send, { method: 'GET', path: '/work', attempt: 1, timeoutMs });
      } catch (error) {
        if (isPoolError(error)) counts.refused++;
        else if ((error as { kind?: string }).kind !== 'timeout') throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: plan.loops! }, () => loop()));
  process.stdout.write(`${JSON.stringify({ done: true, ...counts, staleGrants: registry.staleGrantCount, reclaimed: registry.reclaimedPermits, warnings: [...new Set(warnings)] })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
