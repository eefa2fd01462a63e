import { systemClock } from '../../src/contracts';
/**
 * One process of the cross-process Redis benchmarks (`node dist/bench/support/redis-bench-worker.js
 * <json>`): a closed loop of `loops` workers that acquire, hold `holdMs`, release, with our
 * RedisPoolRegistry or with redis-semaphore (a new Semaphore object per acquisition, as its docs
 * require). Prints `ready`, waits for `go <startAt> <endAt>` (epoch ms) on stdin, then prints one
 * JSON line: grants begun in the window, how long each of those acquires waited, and the CPU time
 * this process spent on the run.
 */
import { createInterface } from 'node:readline';
import { RedisPoolRegistry } from '../../src/concurrency/redis';

export interface BenchWorkerPlan {
  readonly kind: 'ours' | 'redis-semaphore' | 'hold';
  readonly url: string;
  readonly keyPrefix: string;
  readonly pool: string;
  readonly level: number;
  readonly loops: number;
  readonly holdMs: number;
  /** Other work between a release and the next acquire (default 0: acquire again at once). */
  readonly thinkMs?: number;
  /** Ours only: the local time slice of a permit (0 = strict FIFO). */
  readonly localSliceMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2]) as BenchWorkerPlan;
  let acquireRelease: () => Promise<() => Promise<void> | void>;
  let shutdown: () => Promise<void>;
  if (plan.kind === 'redis-semaphore') {
    const { default: Redis } = await import('ioredis');
    const { Semaphore } = await import('redis-semaphore');
    const client = new Redis(plan.url);
    acquireRelease = async () => {
      // Defaults of redis-semaphore 5.8: retryInterval 10 ms, lockTimeout 10 s, refresh at 80 %.
      const semaphore = new Semaphore(client, `${plan.keyPrefix}:${plan.pool}`, plan.level, { acquireTimeout: 60_000, onLockLost: () => undefined });
      await semaphore.acquire();
      return () => semaphore.release();
    };
    shutdown = async () => void client.disconnect();
  } else {
    const registry = await RedisPoolRegistry.connect({ url: plan.url, clock: systemClock, keyPrefix: plan.keyPrefix, localSliceMs: plan.localSliceMs });
    const connection = `${plan.pool}-connection`;
    for (let attempt = 0; attempt < 200 && registry.poolOf(connection) === undefined; attempt++) await sleep(10);
    acquireRelease = async () => {
      const lease = await registry.acquire(connection);
      return () => lease.release();
    };
    shutdown = () => registry.close();
    if (plan.kind === 'hold') {
      for (let index = 0; index < plan.level; index++) await registry.acquire(connection);
      process.stdout.write('holding\n');
      await new Promise(() => undefined); // until killed
    }
  }
  process.stdout.write('ready\n');
  const [startAt, endAt] = await new Promise<number[]>((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      if (line.startsWith('go ')) resolve(line.slice(3).split(' ').map(Number));
    });
  });
  await sleep(Math.max(0, startAt - 300 - Date.now())); // start a little before the window: steady state inside it
  let grants = 0;
  const waitsMs: number[] = [];
  const cpuBefore = process.cpuUsage();
  const loop = async () => {
    while (Date.now() < endAt) {
      const asked = performance.now();
      const release = await acquireRelease();
      if (Date.now() >= startAt && Date.now() < endAt) {
        grants++;
        waitsMs.push(performance.now() - asked);
      }
      await sleep(plan.holdMs);
      await release();
      if (plan.thinkMs) await sleep(plan.thinkMs);
    }
  };
  await Promise.all(Array.from({ length: plan.loops }, loop));
  const cpu = process.cpuUsage(cpuBefore);
  // A long line (thousands of waits) outlasts the pipe's buffer: exit only once it is written.
  const result = `${JSON.stringify({ grants, cpuMs: (cpu.user + cpu.system) / 1000, waitsMs })}\n`;
  await new Promise<void>((resolve) => process.stdout.write(result, () => resolve()));
  await shutdown();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
