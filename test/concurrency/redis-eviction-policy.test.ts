import { createClient } from 'redis';
import { systemClock, type Logger } from '../../src/contracts';
import { RedisPoolRegistry } from '../../src/concurrency/redis';
import { until } from './support/pool-registry-contract';
import { describeWithRedis, TestRedisServer } from './support/redis-server';

/** A logger that keeps what it was told, by level. */
function recordingLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const note = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, debug: note('debug'), info: note('info'), warn: note('warn'), error: note('error') };
}

/**
 * D7 of issue 23: Redis must never evict a lease. The policy is checked at start and again with the
 * heartbeat's configuration check, so a `CONFIG SET maxmemory-policy allkeys-lru` at run time stops
 * every grant with a sentence; a user that may not read the policy gets a warning that says so.
 */
describeWithRedis('the eviction policy, rechecked while running (D7)', () => {
  let server: TestRedisServer;
  beforeAll(async () => {
    server = await TestRedisServer.start();
  });
  afterAll(() => server.stop());

  async function admin(args: string[]): Promise<unknown> {
    const client = createClient({ url: server.url });
    await client.connect();
    try {
      return await client.sendCommand(args);
    } finally {
      await client.close();
    }
  }

  it('stops granting, with a sentence, while the policy may evict, and grants again once it is safe', async () => {
    const logger = recordingLogger();
    const registry = await RedisPoolRegistry.connect({ url: server.url, clock: systemClock, keyPrefix: 'evict-1', logger });
    try {
      await registry.configure('p', 1);
      await registry.bind('c', 'p');
      const held = await registry.acquire('c');
      const queued = registry.acquire('c').then(
        () => 'granted',
        (error: Error) => error.message,
      );
      await admin(['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru']);
      const sentence =
        `Redis at ${server.url} has maxmemory-policy allkeys-lru: it may evict permit leases and let pools exceed their level. ` +
        'Use noeviction (CONFIG SET maxmemory-policy noeviction) or a volatile-* policy (our keys have no TTL).';
      const refusal = `Concurrency pool p is unavailable: ${sentence} The request was not sent.`;
      expect(await queued).toBe(refusal); // the queued request fails (its place in line goes) at the next check
      await expect(registry.acquire('c')).rejects.toMatchObject({ name: 'PoolError', code: 'unavailable', message: refusal });
      expect(logger.lines).toContainEqual({ level: 'error', message: `${sentence} No permit is granted until then.` });
      held.release();
      await admin(['CONFIG', 'SET', 'maxmemory-policy', 'noeviction']);
      await until(() => registry.acquire('c', { timeoutMs: 0 }).then((lease) => (lease.release(), true), () => false), 10_000, 'grants again');
      expect((await registry.stats())[0]).toMatchObject({ inFlight: 0, queued: 0 });
    } finally {
      await admin(['CONFIG', 'SET', 'maxmemory-policy', 'noeviction']);
      await registry.close();
    }
  }, 30_000);

  /** How many times Redis refused a CONFIG GET (ACL), counted by the server itself. */
  async function refusedConfigReads(): Promise<number> {
    const stats = String(await admin(['INFO', 'commandstats']));
    return Number(/cmdstat_config\|get:.*rejected_calls=(\d+)/.exec(stats)?.[1] ?? 0);
  }

  it('warns, once and in a sentence, when the user may not read the policy, and runs', async () => {
    await admin(['ACL', 'SETUSER', 'noconfig', 'on', '>noconfig-pw', '~*', '&*', '+@all', '-config']);
    const logger = recordingLogger();
    const url = `redis://noconfig:noconfig-pw@127.0.0.1:${server.port}`;
    const refusedBefore = await refusedConfigReads();
    const registry = await RedisPoolRegistry.connect({ url, clock: systemClock, keyPrefix: 'evict-2', logger, heartbeatMs: 100 });
    try {
      await registry.configure('p', 1);
      await registry.bind('c', 'p');
      (await registry.acquire('c')).release();
      // The check at start and three with the heartbeat, each refused: still one warning.
      await until(async () => (await refusedConfigReads()) >= refusedBefore + 4, 10_000, 'four refused policy reads');
      const warnings = logger.lines.filter((line) => line.level === 'warn').map((line) => line.message);
      expect(warnings).toEqual([
        `The Redis user of redis://noconfig:******@127.0.0.1:${server.port} may not read maxmemory-policy (CONFIG GET): ` +
          'the shared concurrency pools cannot check that Redis never evicts their permit leases. Keep it noeviction (or volatile-*), or allow +config|get to have it checked.',
      ]);
    } finally {
      await registry.close();
    }
  });
});
