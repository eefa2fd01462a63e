import { createClient } from 'redis';
import type { PoolLease } from '../../src/contracts';
import { isPoolError } from '../../src/concurrency/pool-error';
import type { RedisPoolRegistry } from '../../src/concurrency/redis';
import { until } from './support/pool-registry-contract';
import { RedisRegistrySubject } from './support/redis-registry-subject';
import { describeWithRedis } from './support/redis-server';

const LEVEL = 2;
const RUN_MS = 3000;

/**
 * The suspected leak of issue 23 (helper brief, item 4): the heartbeat finds a waiter's place gone
 * and queues it again while a grant for it is being made. Places are made to vanish under load
 * (the pool's line deleted every 120 ms, as a Redis that lost them), two processes with 50 ms
 * heartbeats and strict FIFO (every grant through Redis), callers that time out and abort. Counted
 * at the server: once every caller has released, Redis holds no lease and no place (a leaked permit
 * would stay for the 30 s TTL), every grant here was released once, and the level always held.
 */
describeWithRedis('a waiter queued again by the heartbeat while grants are made (permit leak search)', () => {
  const subject = new RedisRegistrySubject({ heartbeatMs: 50, localSliceMs: 0 });
  beforeAll(() => subject.startServer());
  afterAll(() => subject.stopServer());
  afterEach(() => subject.cleanup());

  it('leaves no lease and no place in Redis once every caller has released', async () => {
    subject.freshPrefix();
    const processes = [await subject.join(), await subject.join()];
    await processes[0].configure('p', LEVEL);
    await processes[0].bind('c', 'p');
    await until(() => processes[1].poolOf('c') === 'p');
    const redis = createClient({ url: subject.server!.url });
    await redis.connect();
    const prefix = (processes[0] as unknown as { process: { keys: { pool(id: string): { leases: string; waiters: string; waiterExpiry: string } } } }).process.keys.pool('p');

    let holding = 0;
    let maxHolding = 0;
    const counts = { granted: 0, refused: 0 };
    const end = Date.now() + RUN_MS;
    const loop = async (registry: RedisPoolRegistry, seed: number) => {
      for (let n = seed; Date.now() < end; n++) {
        const controller = new AbortController();
        if (n % 7 === 0) setTimeout(() => controller.abort(), n % 20);
        let lease: PoolLease;
        try {
          lease = await registry.acquire('c', { signal: controller.signal, ...(n % 5 === 0 ? { timeoutMs: 10 + (n % 40) } : {}) });
        } catch (error) {
          if (!isPoolError(error)) throw error;
          counts.refused++;
          continue;
        }
        counts.granted++;
        maxHolding = Math.max(maxHolding, ++holding);
        await new Promise((resolve) => setTimeout(resolve, 1 + (n % 6)));
        holding--;
        lease.release();
      }
    };
    let vanished = 0;
    const vanish = setInterval(() => {
      vanished++;
      void redis.del([prefix.waiters, prefix.waiterExpiry]).catch(() => undefined);
    }, 120);
    try {
      await Promise.all(processes.flatMap((registry, index) => Array.from({ length: 4 }, (_, loopIndex) => loop(registry, index * 100 + loopIndex * 13))));
    } finally {
      clearInterval(vanish);
    }
    // Server side, at once (well before any lease's TTL): nothing held, nobody in line.
    await until(async () => (await redis.zCard(prefix.leases)) === 0 && (await redis.zCard(prefix.waiters)) === 0, 3000, 'Redis to hold no lease and no place');
    process.stderr.write(`requeue leak search: ${counts.granted} grants, ${counts.refused} refusals, lines deleted ${vanished} times\n`);
    for (const registry of processes) {
      const permits = registry.permitCounts('p')!;
      expect(permits.granted).toBe(permits.returned);
    }
    expect(maxHolding).toBeLessThanOrEqual(LEVEL);
    expect(counts.granted).toBeGreaterThan(50);
    await redis.close();
  }, 30_000);
});
