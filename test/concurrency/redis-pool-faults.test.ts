import { systemClock } from '../../src/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { DEFAULT_LEASE_TTL_MS, RedisPoolRegistry } from '../../src/concurrency/redis';
import { runLoad } from './support/pool-load';
import { spawnWorker } from './support/pool-worker-plan';
import { describeWithRedis, TestRedisServer } from './support/redis-server';
import { waitFor as sharedWaitFor } from '../support/wait-for';

const TTL_MS = 3000;

/**
 * Faults with a real redis-server: a worker process killed while holding permits, Redis restarted
 * (empty: no persistence), all clients paused, and the subscriber connections killed. Two
 * registries in this process stand for two processes; one counter sees every hold of both.
 */
describeWithRedis('Redis pools under faults', () => {
  let server: TestRedisServer;
  let logDir: string;
  let prefixNumber = 0;
  const open: RedisPoolRegistry[] = [];

  beforeAll(async () => {
    server = await TestRedisServer.start();
    logDir = mkdtempSync(path.join(tmpdir(), 'pool-faults-'));
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((registry) => registry.close()));
  });
  afterAll(async () => {
    await server.stop();
    rmSync(logDir, { recursive: true, force: true });
  });

  /** `leaseTtlMs` longer than the default where a busy CI machine's stalls must not cost a lease. */
  async function registries(count: number, pool: string, level: number, leaseTtlMs = TTL_MS) {
    const keyPrefix = `faults-${++prefixNumber}`;
    const made: RedisPoolRegistry[] = [];
    for (let index = 0; index < count; index++) {
      const registry = await RedisPoolRegistry.connect({ url: server.url, clock: systemClock, keyPrefix, leaseTtlMs });
      open.push(registry);
      made.push(registry);
    }
    await made[0].configure(pool, level);
    await made[0].bind('conn', pool);
    for (const registry of made) await waitFor(() => registry.poolOf('conn') === pool);
    return { keyPrefix, made };
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

  it('reclaims only the permits and places in line of a SIGKILLed process, by liveness long before the lease TTL', async () => {
    const { keyPrefix, made } = await registries(1, 'k', 3, DEFAULT_LEASE_TTL_MS);
    const [survivor] = made;
    const own = await survivor.acquire('conn'); // the survivor's permit must not be touched
    const holder = spawnWorker({
      url: server.url,
      keyPrefix,
      logFile: path.join(logDir, 'holder.ndjson'),
      leaseTtlMs: DEFAULT_LEASE_TTL_MS,
      mode: 'hold',
      holdConnection: 'conn',
      holdPermits: 2,
      queuePermits: 5, // places in line of the dead process: they must go with it, never be granted
      seed: 1,
    });
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('holding') && resolve());
      holder.once('exit', (code) => reject(new Error(`holder exited early (${code})`)));
    });
    await waitFor(async () => (await survivor.stats())[0].queued === 5);
    expect((await survivor.stats())[0]).toMatchObject({ level: 3, inFlight: 3, queued: 5 });
    const waiting = [survivor.acquire('conn'), survivor.acquire('conn')];
    await waitFor(async () => (await survivor.stats())[0].queued === 7);

    const killedAt = Date.now();
    holder.kill('SIGKILL');
    const leases = await Promise.all(waiting);
    const reclaimMs = Date.now() - killedAt;
    process.stderr.write(`reclaim after SIGKILL: ${reclaimMs} ms (lease TTL ${DEFAULT_LEASE_TTL_MS} ms: reclaimed by liveness)\n`);
    expect(reclaimMs).toBeLessThan(DEFAULT_LEASE_TTL_MS / 3);
    // The dead process's 5 places in line went with it: nothing of it is held or queued.
    expect((await survivor.stats())[0]).toMatchObject({ inFlight: 3, queued: 0 });
    expect(survivor.reclaimedPermits).toBe(2);
    for (const lease of [own, ...leases]) lease.release();
    expect((await survivor.stats())[0]).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('survives a Redis restart: requests fail clearly while it is away, then waiters progress within the level', async () => {
    const { made } = await registries(2, 'r', 2);
    const started = Date.now();
    let restartedAt = 0;
    const load = runLoad(made, 'conn', { loopsPerRegistry: 3, holdMs: [3, 15], until: () => Date.now() - started > 9000 });
    await sleep(1500);
    await server.restart(400);
    restartedAt = Date.now();
    const result = await load;
    const afterRestart = result.grantTimes.filter((at) => at > restartedAt + 100).length;
    process.stderr.write(`restart: ${result.grants} grants (${afterRestart} after), refusals ${JSON.stringify(result.refusals)}, max holds ${result.maxConcurrent}\n`);
    expect(result.maxConcurrent).toBeLessThanOrEqual(2);
    expect(afterRestart).toBeGreaterThan(20);
    expect(Object.keys(result.refusals).filter((code) => code !== 'unavailable')).toEqual([]);
    // Every permit goes back: the last holders' slices end, and releases Redis missed while away are sent again by the heartbeat.
    await sharedWaitFor(async () => (await made[0].stats())[0]!.inFlight === 0, 'every permit back in the pool after the load', 10_000);
    expect((await made[0].stats())[0]).toMatchObject({ poolId: 'r', level: 2, inFlight: 0, queued: 0, connectionIds: ['conn'] });
  }, 45_000);

  it('D1: after Redis restarts empty, a re-bind saved on host A is followed by host B (versions do not go back)', async () => {
    const keyPrefix = `faults-${++prefixNumber}`;
    const hostA = await RedisPoolRegistry.connect({ url: server.url, clock: systemClock, keyPrefix, leaseTtlMs: TTL_MS });
    const hostB = await RedisPoolRegistry.connect({ url: server.url, clock: systemClock, keyPrefix, leaseTtlMs: TTL_MS });
    open.push(hostA, hostB);
    await hostA.configure('old', 3);
    await hostA.configure('new', 3);
    // Host B writes many changes of its own: its view then ignores snapshots older than its last write.
    for (let index = 0; index < 20; index++) await hostB.configure(`spare-${index % 2}`, 1 + (index % 3));
    await hostB.bind('conn', 'old');
    await waitFor(() => hostA.poolOf('conn') === 'old');
    await server.restart();
    // Both hosts restore what they knew once they are back.
    await waitFor(async () => {
      try {
        return (await hostA.stats()).some((pool) => pool.poolId === 'old');
      } catch {
        return false;
      }
    }, 15_000);
    await hostA.bind('conn', 'new');
    await waitFor(() => hostB.poolOf('conn') === 'new', 10_000);
    const lease = await hostB.acquire('conn');
    expect(lease.poolId).toBe('new');
    lease.release();
  }, 30_000);

  it('fails queued waiters clearly when Redis stays away, and works again once it is back', async () => {
    const keyPrefix = `faults-${++prefixNumber}`;
    const registry = await RedisPoolRegistry.connect({ url: server.url, clock: systemClock, keyPrefix, leaseTtlMs: TTL_MS, failWaitersAfterOutageMs: 600 });
    open.push(registry);
    await registry.configure('w', 1);
    await registry.bind('conn', 'w');
    const held = await registry.acquire('conn');
    const waiting = registry.acquire('conn');
    await waitFor(async () => (await registry.stats())[0].queued === 1);
    const outcome = waiting.then(
      () => 'granted',
      (error: unknown) => error,
    );
    await server.stop();
    try {
      await expect(registry.acquire('conn')).rejects.toMatchObject({ code: 'unavailable', poolId: 'w' });
      expect(await outcome).toMatchObject({ code: 'unavailable', message: expect.stringContaining(`Redis at ${server.url} cannot be reached`) });
      held.release();
    } finally {
      await server.launch();
    }
    await waitFor(async () => {
      try {
        (await registry.acquire('conn', { timeoutMs: 200 })).release();
        return true;
      } catch {
        return false;
      }
    }, 15_000);
    // Its own waits add up to 30 s (a relaunch may take 10 s, recovery 15 s): the test's timeout must not cut them short.
  }, 60_000);

  it('runs its scripts again after Redis forgot them (NOSCRIPT: SCRIPT FLUSH)', async () => {
    const { made } = await registries(1, 'n', 1);
    (await made[0].acquire('conn')).release();
    await redisCommand(['SCRIPT', 'FLUSH']);
    const lease = await made[0].acquire('conn', { timeoutMs: 1000 });
    expect(lease.poolId).toBe('n');
    lease.release();
    expect((await made[0].stats())[0]).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('keeps the level and lets waiters progress through CLIENT PAUSE', async () => {
    const { made } = await registries(2, 's', 2, 2 * TTL_MS); // the pause holds heartbeats back too
    let pausedAt = 0;
    let grants = 0;
    const load = runLoad(made, 'conn', { loopsPerRegistry: 3, holdMs: [3, 15], until: () => pausedAt > 0 && Date.now() - pausedAt > 4000, onGrant: () => grants++ });
    await sharedWaitFor(() => grants >= 20, 'the load to be under way before the pause');
    pausedAt = Date.now();
    await redisCommand(['CLIENT', 'PAUSE', '1500', 'ALL']);
    const result = await load;
    const afterPause = result.grantTimes.filter((at) => at > pausedAt + 1600).length;
    process.stderr.write(`pause: ${result.grants} grants (${afterPause} after), refusals ${JSON.stringify(result.refusals)}, max holds ${result.maxConcurrent}\n`);
    expect(result.maxConcurrent).toBeLessThanOrEqual(2);
    expect(afterPause).toBeGreaterThan(20);
    expect(result.refusals).toEqual({});
    await sharedWaitFor(async () => (await made[0].stats())[0]!.inFlight === 0, 'every permit back in the pool after the load', 10_000);
    expect((await made[0].stats())[0]).toMatchObject({ inFlight: 0, queued: 0 });
  }, 30_000);

  it('keeps waiters progressing when the subscriber connections are killed (lost grant messages)', async () => {
    const { made } = await registries(2, 'u', 1, 2 * TTL_MS);
    let lastKillAt = 0;
    let grants = 0;
    const load = runLoad(made, 'conn', { loopsPerRegistry: 3, holdMs: [2, 6], until: () => lastKillAt > 0 && Date.now() - lastKillAt > 1000, onGrant: () => grants++ });
    let killed = 0;
    for (let round = 0; round < 4; round++) {
      // Each kill once the load has made progress since the last one (grants go on between kills).
      const before = grants;
      await sharedWaitFor(() => grants >= before + 20, `20 grants before kill ${round + 1}`);
      killed += Number(await redisCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub']));
    }
    lastKillAt = Date.now();
    const result = await load;
    const lateGrants = result.grantTimes.filter((at) => at > lastKillAt).length;
    process.stderr.write(`pubsub kill: ${killed} subscriber connections killed, ${result.grants} grants (${lateGrants} in the second after the last kill), max holds ${result.maxConcurrent}\n`);
    expect(killed).toBeGreaterThanOrEqual(4);
    expect(result.maxConcurrent).toBeLessThanOrEqual(1);
    expect(lateGrants).toBeGreaterThan(10);
    expect(result.refusals).toEqual({});
    await sharedWaitFor(async () => (await made[0].stats())[0]!.inFlight === 0, 'every permit back in the pool after the load', 10_000);
    expect((await made[0].stats())[0]).toMatchObject({ inFlight: 0, queued: 0 });
  }, 30_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The tests' one `waitFor` (test/support/wait-for.ts), in this file's argument order. */
async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  await sharedWaitFor(condition, 'condition', timeoutMs);
}
