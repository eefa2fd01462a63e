import { systemClock } from '../src/contracts';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createClient } from 'redis';
import { InProcessPoolRegistry } from '../src/concurrency';
import { DEFAULT_LOCAL_SLICE_MS, RedisPoolRegistry } from '../src/concurrency/redis';
import type { BenchWorkerPlan } from './support/redis-bench-worker';
import { BenchRedisServer } from './support/redis-server-process';
import { printTable } from './support/timing';

/**
 * The Redis pools (issue 13), against a redis-server started for the run:
 * 1. cross-process throughput: 4 processes, one pool of level C, each process with C loops that
 *    hold a permit for W (so 4·C want in), achieved / (C / W); beside it the same closed loop on the
 *    in-process registry (what timers and the event loop allow at that W), and the Redis commands
 *    per grant from INFO commandstats (scripts the clients sent, and every command counted,
 *    including those the scripts ran);
 * 2. uncontended acquire + release: round trips (scripts per pair) and acquire latency p50/p99
 *    beside the in-process registry;
 * 3. redis-semaphore 5.8 (defaults: 10 ms retry) beside ours at a 2 ms hold, same Redis and load;
 * 4. reclaim time after SIGKILL of a process holding every permit.
 */
const PROCESSES = 4;
const LEVELS = [1, 5, 25];
/** `REDIS_BENCH_HOLDS=5,50` narrows the throughput cases (quick before/after comparisons). */
const HOLDS_MS = (process.env.REDIS_BENCH_HOLDS ?? '5,50,200').split(',').map(Number);
/** `REDIS_BENCH_SLICES=25,50` compares local time slices (default: the registry's default). */
const SLICES_MS = (process.env.REDIS_BENCH_SLICES ?? String(DEFAULT_LOCAL_SLICE_MS)).split(',').map(Number);
/**
 * Side-by-side shapes as `C x loops + work ms`: the closed loop (4 x C) at C = 1, 5, 25,
 * twice as many loops as permits per process, and the closed loop with other work between a
 * release and the next acquire; `REDIS_BENCH_SHAPES=1x2+0,1x1+2` picks others.
 */
const SIDE_BY_SIDE_SHAPES = (process.env.REDIS_BENCH_SHAPES ?? '1x1+0,5x5+0,25x25+0,5x10+0,5x5+5').split(',').map((shape) => {
  const [level, loops, thinkMs] = shape.split(/[x+]/).map(Number);
  return { level, loops, thinkMs };
});
/** `REDIS_BENCH_SECTIONS=throughput,side-by-side` runs only those of the four sections. */
const SECTIONS = new Set((process.env.REDIS_BENCH_SECTIONS ?? 'throughput,uncontended,side-by-side,reclaim').split(','));
const WORKER = path.join(__dirname, 'support', 'redis-bench-worker.js');

export async function run(): Promise<void> {
  const server = await BenchRedisServer.start();
  const admin = createClient({ url: server.url });
  admin.on('error', () => undefined);
  await admin.connect();
  let prefixNumber = 0;
  const setupPool = async (level: number) => {
    const keyPrefix = `bench-${++prefixNumber}`;
    const registry = await RedisPoolRegistry.connect({ url: server.url, clock: systemClock, keyPrefix });
    await registry.configure('pool', level);
    await registry.bind('pool-connection', 'pool');
    return { keyPrefix, registry };
  };
  const commandCounts = async () => parseCommandStats(String(await admin.sendCommand(['INFO', 'commandstats'])));

  try {
    // 1. Cross-process throughput.
    if (SECTIONS.has('throughput')) {
      const rows = [['C', 'W', 'order', 'Redis req/s', 'C/W', 'Redis / (C/W)', 'in-process / (C/W)', 'scripts / grant', 'all commands / grant', 'client CPU / grant']];
      for (const holdMs of HOLDS_MS) {
        for (const level of LEVELS) {
          // Strict FIFO (no local hand-offs) beside the default where it could matter: the shortest hold.
          for (const localSliceMs of holdMs === HOLDS_MS[0] ? [...SLICES_MS, 0] : SLICES_MS) {
            const windowMs = Math.max(2500, (30 * holdMs) / level);
            const { keyPrefix, registry } = await setupPool(level);
            const before = await commandCounts();
            const { grants, cpuMsPerGrant } = await crossProcess({ kind: 'ours', url: server.url, keyPrefix, pool: 'pool', level, loops: level, holdMs, localSliceMs }, windowMs);
            const after = await commandCounts();
            await registry.close();
            const inProcess = await inProcessLoop(level, holdMs, windowMs);
            const ideal = level / (holdMs / 1000);
            const rate = grants / (windowMs / 1000);
            const scripts = (after.evalsha - before.evalsha + after.eval - before.eval) / grants;
            const all = (after.total - before.total) / grants;
            rows.push([
              String(level),
              `${holdMs} ms`,
              localSliceMs === 0 ? 'strict FIFO' : `${localSliceMs} ms slice`,
              rate.toFixed(1),
              ideal.toFixed(0),
              (rate / ideal).toFixed(3),
              (inProcess / (windowMs / 1000) / ideal).toFixed(3),
              scripts.toFixed(2),
              all.toFixed(1),
              `${(cpuMsPerGrant * 1000).toFixed(0)} µs`,
            ]);
          }
        }
      }
      console.log(`Cross-process throughput: ${PROCESSES} processes x C loops on one pool of level C, hold W`);
      printTable(rows);
    }

    // 2. Uncontended acquire + release.
    if (SECTIONS.has('uncontended')) {
      const { registry } = await setupPool(5);
      const inProcess = new InProcessPoolRegistry();
      await inProcess.configure('pool', 5);
      await inProcess.bind('pool-connection', 'pool');
      const ops = 2000;
      const redisTimes: number[] = [];
      const localTimes: number[] = [];
      // A permit released and asked for again in the same turn of the event loop is passed on
      // without Redis (its slice); each pair here waits one turn first, so that it measures a
      // fresh acquire and a release that reach Redis.
      const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
      for (let index = 0; index < 200; index++) {
        (await registry.acquire('pool-connection')).release(); // warm-up
        await nextTurn();
      }
      await sleep(50);
      const before = await commandCounts();
      for (let index = 0; index < ops; index++) {
        await nextTurn();
        const started = process.hrtime.bigint();
        const lease = await registry.acquire('pool-connection');
        redisTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
        lease.release();
      }
      await sleep(50);
      const after = await commandCounts();
      // The same turn: release and acquire again at once (a flow's next request), within the slice.
      const sameTurnTimes: number[] = [];
      let lease = await registry.acquire('pool-connection');
      const beforeSameTurn = await commandCounts();
      for (let index = 0; index < ops; index++) {
        const started = process.hrtime.bigint();
        lease.release();
        lease = await registry.acquire('pool-connection');
        sameTurnTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      const afterSameTurn = await commandCounts();
      lease.release();
      for (let index = 0; index < ops; index++) {
        const started = process.hrtime.bigint();
        const lease = await inProcess.acquire('pool-connection');
        lease.release();
        localTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      await registry.close();
      const scriptsPerPair = (after.evalsha - before.evalsha + after.eval - before.eval) / ops;
      console.log(`\nUncontended acquire + release (${ops} sequential pairs)`);
      printTable([
        ['backend', 'round trips per pair', 'acquire p50', 'acquire p99'],
        ['Redis', scriptsPerPair.toFixed(2), `${percentile(redisTimes, 0.5).toFixed(3)} ms`, `${percentile(redisTimes, 0.99).toFixed(3)} ms`],
        [
          'Redis, release + acquire in the same turn (slice)',
          ((afterSameTurn.evalsha - beforeSameTurn.evalsha + afterSameTurn.eval - beforeSameTurn.eval) / ops).toFixed(2),
          `${(percentile(sameTurnTimes, 0.5) * 1000).toFixed(2)} µs`,
          `${(percentile(sameTurnTimes, 0.99) * 1000).toFixed(2)} µs`,
        ],
        ['in process (acquire + release)', '0', `${(percentile(localTimes, 0.5) * 1000).toFixed(2)} µs`, `${(percentile(localTimes, 0.99) * 1000).toFixed(2)} µs`],
      ]);
    }

    // 3. redis-semaphore beside ours, 2 ms hold, in the shapes above.
    if (SECTIONS.has('side-by-side')) {
      const holdMs = 2;
      const windowMs = 4000;
      const variants = [
        { name: `RedisPoolRegistry (default: ${DEFAULT_LOCAL_SLICE_MS} ms slice)`, kind: 'ours', localSliceMs: DEFAULT_LOCAL_SLICE_MS },
        { name: 'RedisPoolRegistry (strict FIFO)', kind: 'ours', localSliceMs: 0 },
        { name: 'redis-semaphore 5.8', kind: 'redis-semaphore', localSliceMs: undefined },
      ] as const;
      // With work between a release and the next acquire (a flow maps and writes each answer) fewer
      // wait at once, so a poller finds a freed permit later.
      for (const { level, loops, thinkMs } of SIDE_BY_SIDE_SHAPES) {
        const ideal = level / (holdMs / 1000);
        const results: string[][] = [['limiter', 'req/s', 'C/W', 'ratio', 'acquire wait p50 / p99 / max', 'scripts / grant', 'all commands / grant', 'client CPU / grant', 'process shares']];
        const rates: Record<string, number> = {};
        for (const { name, kind, localSliceMs } of variants) {
          const { keyPrefix, registry } = await setupPool(level);
          const before = await commandCounts();
          const { grants, cpuMsPerGrant, shares, waits } = await crossProcess({ kind, url: server.url, keyPrefix, pool: 'pool', level, loops, holdMs, thinkMs, localSliceMs }, windowMs);
          const after = await commandCounts();
          await registry.close();
          const rate = grants / (windowMs / 1000);
          rates[name] = rate;
          results.push([
            name,
            rate.toFixed(1),
            ideal.toFixed(0),
            (rate / ideal).toFixed(3),
            waits,
            ((after.evalsha - before.evalsha + after.eval - before.eval) / grants).toFixed(2),
            ((after.total - before.total) / grants).toFixed(1),
            `${(cpuMsPerGrant * 1000).toFixed(0)} µs`,
            shares,
          ]);
        }
        console.log(`\nSide by side, ${PROCESSES} processes x ${loops} loops, C = ${level}, hold ${holdMs} ms, ${thinkMs} ms of other work between a release and the next acquire`);
        printTable(results);
        const theirs = rates[variants[2].name];
        console.log(
          `ours / redis-semaphore: ${(rates[variants[0].name] / theirs).toFixed(2)}x (default), ` +
            `${(rates[variants[1].name] / theirs).toFixed(2)}x (strict FIFO); target >= 2x, ` +
            `at most ${(ideal / theirs).toFixed(2)}x possible (C/W over redis-semaphore's rate)`,
        );
      }
    }

    // 4. Reclaim after SIGKILL.
    if (SECTIONS.has('reclaim')) {
      const { keyPrefix, registry } = await setupPool(3);
      const holder = startWorker({ kind: 'hold', url: server.url, keyPrefix, pool: 'pool', level: 3, loops: 0, holdMs: 0 });
      await lineFrom(holder, 'holding');
      const waiting = [registry.acquire('pool-connection'), registry.acquire('pool-connection'), registry.acquire('pool-connection')];
      await sleep(100);
      const killedAt = Date.now();
      holder.kill('SIGKILL');
      const leases = await Promise.all(waiting);
      const reclaimMs = Date.now() - killedAt;
      for (const lease of leases) lease.release();
      await registry.close();
      console.log(`\nReclaim after SIGKILL of a process holding all 3 permits: ${reclaimMs} ms (lease TTL ${registry.leaseTtlMs} ms; reclaimed by liveness, not by TTL)`);
    }
  } finally {
    admin.destroy();
    await server.stop();
  }
}

/** Runs `PROCESSES` workers for a window and returns the grants they began inside it. */
async function crossProcess(plan: BenchWorkerPlan, windowMs: number): Promise<{ grants: number; cpuMsPerGrant: number; shares: string; waits: string }> {
  const workers = Array.from({ length: PROCESSES }, () => startWorker(plan));
  await Promise.all(workers.map((worker) => lineFrom(worker, 'ready')));
  const startAt = Date.now() + 500;
  for (const worker of workers) worker.stdin!.write(`go ${startAt} ${startAt + windowMs}\n`);
  const results = await Promise.all(workers.map((worker) => lineFrom(worker, '{')));
  const parsed = results.map((line) => JSON.parse(line) as { grants: number; cpuMs: number; waitsMs: number[] });
  const grants = parsed.reduce((sum, result) => sum + result.grants, 0);
  // CPU of the clients over the whole loop (a little longer than the window), per grant counted.
  // Each process's share of the grants (equal demand: 25 % each when fair).
  const percents = parsed.map((result) => (100 * result.grants) / grants).sort((a, b) => a - b);
  const shares = `${percents[0].toFixed(0)}-${percents[percents.length - 1].toFixed(0)} %`;
  // How long acquires waited (every process's, begun in the window): FIFO bounds the tail.
  const waitsMs = parsed.flatMap((result) => result.waitsMs);
  const waits = `${percentile(waitsMs, 0.5).toFixed(1)} / ${percentile(waitsMs, 0.99).toFixed(1)} / ${Math.max(...waitsMs).toFixed(0)} ms`;
  return { grants, cpuMsPerGrant: parsed.reduce((sum, result) => sum + result.cpuMs, 0) / grants, shares, waits };
}

/** The same closed loop in this process on the in-process registry: grants begun in the window. */
async function inProcessLoop(level: number, holdMs: number, windowMs: number): Promise<number> {
  const registry = new InProcessPoolRegistry();
  await registry.configure('pool', level);
  await registry.bind('pool-connection', 'pool');
  const startAt = Date.now() + 300;
  const endAt = startAt + windowMs;
  let grants = 0;
  const loop = async () => {
    while (Date.now() < endAt) {
      const lease = await registry.acquire('pool-connection');
      if (Date.now() >= startAt && Date.now() < endAt) grants++;
      await sleep(holdMs);
      lease.release();
    }
  };
  await Promise.all(Array.from({ length: PROCESSES * level }, loop));
  return grants;
}

function startWorker(plan: BenchWorkerPlan): ChildProcess {
  const child = spawn(process.execPath, [WORKER, JSON.stringify(plan)], { stdio: ['pipe', 'pipe', 'inherit'] });
  return child;
}

/** Resolves with the first stdout line of `child` that starts with `prefix`. */
function lineFrom(child: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      const found = lines.find((line) => line.startsWith(prefix));
      if (found !== undefined) {
        child.stdout!.off('data', onData);
        resolve(found);
      }
    };
    child.stdout!.on('data', onData);
    // 'close', not 'exit': a worker that prints its line and exits at once may be seen to exit
    // before its last output is read.
    child.once('close', (code) => reject(new Error(`bench worker exited (${code}) before "${prefix}" (${buffered.length} characters of an unfinished line)`)));
  });
}

function parseCommandStats(info: string): { evalsha: number; eval: number; total: number } {
  let total = 0;
  const counts: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    counts[match[1]] = Number(match[2]);
    total += Number(match[2]);
  }
  return { evalsha: counts.evalsha ?? 0, eval: counts.eval ?? 0, total };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
