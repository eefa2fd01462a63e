import { Container, ContainerModule } from 'inversify';
import { REDIS_URL_SETTING, TOKENS, type HostConfiguration, type PoolRegistry, systemClock } from '../../src/contracts';
import { bindConcurrencyFeature, InProcessPoolRegistry } from '../../src/concurrency';
import { DEFAULT_LOCAL_SLICE_MS, RedisPoolRegistry } from '../../src/concurrency/redis';
import { until } from './support/pool-registry-contract';
import { describeWithRedis, freePort, TestRedisServer } from './support/redis-server';

function containerWith(settings: Record<string, string>, hostRegistry?: PoolRegistry): Promise<Container> {
  const container = new Container();
  const configuration: HostConfiguration = { get: (key) => settings[key] };
  container.bind(TOKENS.HostConfiguration).toConstantValue(configuration);
  container.bind(TOKENS.Clock).toConstantValue(systemClock);
  if (hostRegistry) container.bind(TOKENS.PoolRegistry).toConstantValue(hostRegistry);
  return container.load(new ContainerModule((options) => bindConcurrencyFeature(options))).then(() => container);
}

describe('choosing the pool backend', () => {
  it('stays in process without a Redis URL', async () => {
    const container = await containerWith({});
    expect(container.get(TOKENS.PoolRegistry)).toBeInstanceOf(InProcessPoolRegistry);
  });

  it("keeps the host's own registry even when a Redis URL is configured", async () => {
    const hostRegistry = new InProcessPoolRegistry();
    const container = await containerWith({ [REDIS_URL_SETTING]: 'redis://127.0.0.1:1' }, hostRegistry);
    expect(container.get(TOKENS.PoolRegistry)).toBe(hostRegistry);
  });

  it('reads the slice of a permit from REDIS_POOL_SLICE_MS, and refuses a bad one by name', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const strict = (await containerWith({ [REDIS_URL_SETTING]: url, REDIS_POOL_SLICE_MS: '0' })).get<RedisPoolRegistry>(TOKENS.PoolRegistry);
    expect(strict.sliceMs).toBe(0);
    const byDefault = (await containerWith({ [REDIS_URL_SETTING]: url })).get<RedisPoolRegistry>(TOKENS.PoolRegistry);
    expect(byDefault.sliceMs).toBe(DEFAULT_LOCAL_SLICE_MS);
    await Promise.all([strict.close(), byDefault.close()]);
    for (const bad of ['-5', '2.5', 'fast', '4000']) {
      const container = await containerWith({ [REDIS_URL_SETTING]: url, REDIS_POOL_SLICE_MS: bad });
      expect(() => container.get(TOKENS.PoolRegistry)).toThrow(`REDIS_POOL_SLICE_MS must be a whole number of milliseconds from 0 (strict FIFO) to 3000, got "${bad}"`);
    }
  });

  it('fails clearly, naming the URL, when Redis cannot be reached', async () => {
    const port = await freePort(); // nothing listens there
    const container = await containerWith({ [REDIS_URL_SETTING]: `redis://user:s3cret@127.0.0.1:${port}` });
    const registry = container.get<PoolRegistry>(TOKENS.PoolRegistry);
    expect(registry).toBeInstanceOf(RedisPoolRegistry);
    const error = (await registry.configure('p', 1).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain(`Cannot reach Redis at redis://user:******@127.0.0.1:${port}`);
    expect(error.message).not.toContain('s3cret');
    await expect(registry.acquire('a')).rejects.toMatchObject({ name: 'PoolError', code: 'unavailable' });
    await (registry as RedisPoolRegistry).close();
  });
});

describeWithRedis('choosing the pool backend with a Redis URL', () => {
  let server: TestRedisServer;
  beforeAll(async () => {
    server = await TestRedisServer.start();
  });
  afterAll(() => server.stop());

  it('binds the Redis registry, and two containers share one pool', async () => {
    const settings = { [REDIS_URL_SETTING]: server.url, REDIS_KEY_PREFIX: 'backend-choice' };
    const first = (await containerWith(settings)).get<RedisPoolRegistry>(TOKENS.PoolRegistry);
    const second = (await containerWith(settings)).get<RedisPoolRegistry>(TOKENS.PoolRegistry);
    expect(first).toBeInstanceOf(RedisPoolRegistry);
    await first.configure('shared', 1);
    await first.bind('a', 'shared');
    await second.whenReady();
    // The second container learns the binding from the config-changed message (pub/sub).
    await until(() => second.poolOf('a') === 'shared', 5000, 'the second container to see the binding');
    const held = await first.acquire('a');
    await expect(second.acquire('a', { timeoutMs: 0 })).rejects.toMatchObject({ code: 'timeout', poolId: 'shared' });
    held.release();
    (await second.acquire('a', { timeoutMs: 1000 })).release();
    await Promise.all([first.close(), second.close()]);
  });

  it('refuses a Redis that may evict the leases', async () => {
    const evicting = await TestRedisServer.start(['--maxmemory-policy', 'allkeys-lru']);
    try {
      await expect(RedisPoolRegistry.connect({ url: evicting.url, clock: systemClock })).rejects.toThrow(/maxmemory-policy allkeys-lru/);
    } finally {
      await evicting.stop();
    }
  });
});
