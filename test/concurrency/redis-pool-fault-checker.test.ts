import { systemClock } from '../../src/contracts';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { DEFAULT_LEASE_TTL_MS, RedisPoolRegistry } from '../../src/concurrency/redis';
import { exitOf, spawnWorker, type WorkerPlan } from './support/pool-worker-plan';
import { describeWithRedis, TestRedisServer } from './support/redis-server';
import { sharedClockMs } from './support/shared-clock';
import { StandInServer } from './support/stand-in-server';

/**
 * The fault checker: real worker processes send requests through the pool's request hook to a
 * CartRover stand-in that records when each request arrived and when it finished working on it,
 * while the test stops (SIGSTOP), kills (SIGKILL) and pauses (CLIENT PAUSE) processes and Redis.
 * The only verdict is the stand-in's: never a moment with more requests in flight than the level.
 */
describeWithRedis('Redis pools under faults, as CartRover sees them (fault checker)', () => {
  let server: TestRedisServer;
  let standIn: StandInServer;
  let logDir: string;
  let prefixNumber = 0;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    server = await TestRedisServer.start();
    logDir = mkdtempSync(path.join(tmpdir(), 'pool-fault-checker-'));
  });
  beforeEach(async () => {
    standIn = await StandInServer.start();
  });
  afterEach(async () => {
    for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await standIn.stop();
  });
  afterAll(async () => {
    await server.stop();
    rmSync(logDir, { recursive: true, force: true });
  });

  interface Run {
    readonly workers: ChildProcess[];
    /** Shared clock when the workers were told to go. */
    readonly startedAt: number;
    /** Each worker's `done` line (undefined for a killed one). */
    readonly finished: Promise<({ sent: number; timedOut: number; staleGrants: number; reclaimed: number } | undefined)[]>;
  }

  /** Configures pool `p` at `level` with connection `c`, starts the workers, waits until all are ready, then says go. */
  type RunPlan = Partial<WorkerPlan> & Pick<WorkerPlan, 'durationMs' | 'loops' | 'workMs'>;

  async function startRun(count: number, level: number, plan: RunPlan, perWorker?: (index: number) => Partial<WorkerPlan>): Promise<Run> {
    const keyPrefix = `fault-checker-${++prefixNumber}`;
    const setup = await RedisPoolRegistry.connect({ url: server.url, clock: systemClock, keyPrefix });
    await setup.configure('p', level);
    await setup.bind('c', 'p');
    await setup.close();
    return startWorkers(keyPrefix, count, plan, perWorker);
  }

  async function startWorkers(keyPrefix: string, count: number, plan: RunPlan, perWorker?: (index: number) => Partial<WorkerPlan>): Promise<Run> {
    const workers = Array.from({ length: count }, (_, index) =>
      spawnWorker({
        url: server.url,
        keyPrefix,
        logFile: path.join(logDir, `${keyPrefix}-${index}.ndjson`),
        leaseTtlMs: DEFAULT_LEASE_TTL_MS,
        mode: 'http',
        holdConnection: 'c',
        standInUrl: standIn.url,
        name: `w${index}`,
        seed: 100 + index,
        ...plan,
        ...perWorker?.(index),
      }),
    );
    running.push(...workers);
    const outputs = workers.map((worker) => {
      let text = '';
      worker.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      return () => text;
    });
    const exits = workers.map((worker) => exitOf(worker));
    await Promise.all(
      workers.map(
        (worker, index) =>
          new Promise<void>((resolve, reject) => {
            const check = () => (outputs[index]().includes('ready') ? resolve() : undefined);
            worker.stdout!.on('data', check);
            void exits[index].then((exit) => reject(new Error(`worker ${index} exited before it was ready: ${exit.code} ${exit.stderr}`)));
          }),
      ),
    );
    const startedAt = sharedClockMs();
    for (const worker of workers) worker.stdin!.write('go\n');
    const finished = Promise.all(
      exits.map(async (exit, index) => {
        const result = await exit;
        if (result.signal === 'SIGKILL') return undefined;
        if (result.code !== 0) throw new Error(`worker ${index} failed (${result.code}): ${result.stderr}`);
        const line = outputs[index]()
          .split('\n')
          .find((text) => text.startsWith('{'));
        return JSON.parse(line!) as { sent: number; timedOut: number; staleGrants: number; reclaimed: number };
      }),
    );
    return { workers, startedAt, finished };
  }

  async function redisCommand(args: string[]): Promise<unknown> {
    const client = createClient({ url: server.url });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await client.sendCommand(args);
    } finally {
      client.destroy();
    }
  }

  /** Waits until the stand-in has had `count` requests in flight at once (the pool is full). */
  async function untilInFlight(count: number): Promise<void> {
    while (standIn.max < count) await sleep(20);
  }

  it('D2: a process stopped for 6 s while its requests are queued or held never puts more than the level in flight', async () => {
    const run = await startRun(3, 3, { durationMs: 14_000, loops: 4, workMs: [100, 400] });
    await untilInFlight(3);
    await sleep(1000);
    run.workers[0].kill('SIGSTOP');
    await sleep(6000);
    run.workers[0].kill('SIGCONT');
    const resumedAt = sharedClockMs();
    const results = await run.finished;
    process.stderr.write(`D2 SIGSTOP 6 s: ${standIn.requests.length} requests, max in flight ${standIn.max}, ${JSON.stringify(results)}\n`);
    expect(standIn.momentsAbove(3)).toEqual([]);
    expect(standIn.arrivalsOf('w0', resumedAt, Number.POSITIVE_INFINITY)).toBeGreaterThan(0); // it works again
  }, 120_000);

  it('D2 fenced: a grant read after its lease expired (the process was stopped longer than the TTL) is returned unused', async () => {
    // Level 1, leases of 2 s. This test process holds the permit; the worker queues behind it and is stopped.
    const keyPrefix = `fault-checker-${++prefixNumber}`;
    const holder = await RedisPoolRegistry.connect({ url: server.url, clock: systemClock, keyPrefix, leaseTtlMs: 2000 });
    await holder.configure('p', 1);
    await holder.bind('c', 'p');
    const first = await holder.acquire('c');
    const run = await startWorkers(keyPrefix, 1, { durationMs: 1, loops: 1, workMs: [50, 50], leaseTtlMs: 2000 });
    while ((await holder.stats())[0].queued < 1) await sleep(20);
    run.workers[0].kill('SIGSTOP');
    first.release(); // granted to the stopped worker at once: the message waits in its socket
    await sleep(3500); // its lease expires unrenewed
    const second = await holder.acquire('c'); // and the permit is this process's again
    run.workers[0].kill('SIGCONT');
    await sleep(1500);
    const sentWhileHeld = standIn.requests.length; // the worker must not have used the stale grant
    second.release();
    const results = await run.finished;
    await holder.close();
    process.stderr.write(`D2 fenced (TTL 2 s, SIGSTOP 3.5 s): ${JSON.stringify(results)}\n`);
    expect({ sentWhileHeld, staleGrants: results[0]!.staleGrants, sent: results[0]!.sent }).toEqual({ sentWhileHeld: 0, staleGrants: 1, sent: 1 });
  }, 120_000);

  it('D3: CLIENT PAUSE of 3.5 s and then 10 s while 12 s requests are held never grants a permit twice', async () => {
    const run = await startRun(3, 3, { durationMs: 20_000, loops: 2, workMs: [12_000, 12_000] });
    await untilInFlight(3);
    await sleep(500);
    await redisCommand(['CLIENT', 'PAUSE', '3500', 'ALL']);
    await sleep(4500);
    await redisCommand(['CLIENT', 'PAUSE', '10000', 'ALL']);
    const results = await run.finished;
    process.stderr.write(`D3 CLIENT PAUSE 3.5 s + 10 s: ${standIn.requests.length} requests, max in flight ${standIn.max}, ${JSON.stringify(results)}\n`);
    expect(standIn.momentsAbove(3)).toEqual([]);
    expect(standIn.requests.length).toBeGreaterThanOrEqual(6); // the queued requests ran after the first ones
  }, 150_000);

  it('D5: kill -9 of one of 4 processes: only its permits go, reclaimed by liveness, and the others keep running', async () => {
    const run = await startRun(4, 3, { durationMs: 9000, loops: 6, workMs: [20, 150] });
    await untilInFlight(3);
    await sleep(2000);
    const killedAt = sharedClockMs();
    run.workers[1].kill('SIGKILL');
    const results = await run.finished;
    // Reclaimed: the first moment after the kill at which 3 requests of the survivors were in flight at once.
    const survivors = standIn.requests.filter((request) => request.worker !== 'w1' && request.start >= killedAt);
    const fullAgainAt = firstMomentWith(3, survivors);
    process.stderr.write(
      `D5 kill -9: ${standIn.requests.length} requests, max in flight ${standIn.max}, full again ${(fullAgainAt - killedAt).toFixed(0)} ms after the kill, ${JSON.stringify(results)}\n`,
    );
    expect(standIn.momentsAbove(3)).toEqual([]);
    expect(fullAgainAt - killedAt).toBeLessThan(DEFAULT_LEASE_TTL_MS / 3); // by liveness, not by the lease TTL
    for (const worker of ['w0', 'w2', 'w3']) expect(standIn.arrivalsOf(worker, killedAt, Number.POSITIVE_INFINITY)).toBeGreaterThan(0);
  }, 120_000);

  it('D6: the lowest level declared by a live process is in effect, and the next lowest once that process leaves', async () => {
    // Declared 5, 3 and 2 (as three imports' --concurrency); the one at 2 stops after 5 s.
    const declared = [5, 3, 2];
    const run = await startRun(3, 5, { durationMs: 11_000, loops: 5, workMs: [40, 160] }, (index) => ({
      declareLevel: declared[index],
      ...(index === 2 ? { durationMs: 5000 } : {}),
    }));
    await run.finished;
    // It leaves (closes its pools) after its last answer: until then 2 holds.
    const lowestLeftAt = Math.max(...standIn.requests.filter((request) => request.worker === 'w2').map((request) => request.end));
    const afterwards = standIn.requests.filter((request) => request.start >= lowestLeftAt);
    process.stderr.write(
      `D6 declared ${declared.join(', ')}: ${standIn.requests.length} requests, max in flight ${standIn.max}, ` +
        `3 in flight ${(firstMomentWith(3, afterwards) - lowestLeftAt).toFixed(0)} ms after the process at 2 left\n`,
    );
    expect(standIn.momentsAbove(2).filter((moment) => moment.at < lowestLeftAt)).toEqual([]);
    expect(standIn.momentsAbove(3)).toEqual([]);
    expect(firstMomentWith(2, standIn.requests.filter((request) => request.end < lowestLeftAt))).toBeLessThan(lowestLeftAt); // the level was reached
    expect(firstMomentWith(3, afterwards)).toBeLessThan(Number.POSITIVE_INFINITY); // back to the next lowest, 3
  }, 120_000);

  it('D9: requests that time out keep their permits for the cool-down, so CartRover never sees more than the level', async () => {
    // CartRover works 600 ms on each, the client gives up after 500 ms and keeps the permit 500 ms
    // more (the default cool-down: the request timeout), also while its process closes the pools.
    const run = await startRun(3, 2, { durationMs: 6000, loops: 3, workMs: [600, 600], requestTimeoutMs: 500 });
    const results = await run.finished;
    process.stderr.write(`D9 timeouts: ${standIn.requests.length} requests, max in flight ${standIn.max}, ${JSON.stringify(results)}\n`);
    expect(results.reduce((sum, result) => sum + result!.timedOut, 0)).toBeGreaterThan(3);
    expect(standIn.momentsAbove(2)).toEqual([]);
  }, 120_000);
});

/** The first moment at which `count` of these requests were in flight at once (Infinity: never). */
function firstMomentWith(count: number, requests: readonly { start: number; end: number }[]): number {
  const points = requests.flatMap((request) => [
    { at: request.start, delta: 1 },
    { at: request.end, delta: -1 },
  ]);
  points.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  for (const point of points) {
    current += point.delta;
    if (current >= count) return point.at;
  }
  return Number.POSITIVE_INFINITY;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
