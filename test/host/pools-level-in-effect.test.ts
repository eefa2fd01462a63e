import { systemClock } from '../../src/contracts';
import { RedisPoolRegistry } from '../../src/concurrency/redis';
import { startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { describeWithRedis, TestRedisServer } from '../concurrency/support/redis-server';
import type { RunningHost } from './support/host-harness';
import { startTestHost, tempDataDir } from './support/host-harness';
import { REAL_MANIFEST, requireBuiltPlugin } from './support/real-plugin';

/**
 * D6 of issue 23 at the host: a shared pool's level in effect is the lowest declared by a live
 * participant; GET /api/pools shows it, with the host's own declaration beside it while another
 * participant's lower one holds, and the host's own again once that participant leaves.
 */
describeWithRedis('GET /api/pools with a lower level declared elsewhere', () => {
  const data = tempDataDir('pools-in-effect-');
  let redis: TestRedisServer;
  let sandbox: SandboxServer;
  let host: RunningHost;

  beforeAll(async () => {
    requireBuiltPlugin();
    redis = await TestRedisServer.start();
    sandbox = await startSandbox({ seed: false });
    sandbox.control.addUser({ apiUser: 'levelled', apiKey: 'levelled-key-1234', level: 'merchant' });
    host = await startTestHost({ dataDir: data.dir, manifests: [REAL_MANIFEST], settings: { CARTROVER_BASE_URL: sandbox.url, REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await host?.close();
    await sandbox?.close();
    await redis?.stop();
    data.remove();
  });

  it('shows the level in effect and the host declaration, and the host level once the other participant leaves', async () => {
    const integration = (await host.api.post('/api/integrations', { name: 'Levels' })).body as { id: string };
    const created = await host.api.post('/api/connections', {
      appId: 'cartrover',
      integrationId: integration.id,
      values: { name: 'Levelled', apiUser: 'levelled', apiKey: 'levelled-key-1234', concurrencyLevel: 5 },
    });
    expect(created).toMatchObject({ status: 201 });
    const id = (created.body.connection as { id: string }).id;
    const poolOf = async () => ((await host.api.get('/api/pools')).body as Array<Record<string, unknown>>).find((pool) => pool.poolId === id);
    expect(await poolOf()).toMatchObject({ level: 5 });
    expect(await poolOf()).not.toHaveProperty('declaredLevel');

    // Another process on the same Redis and prefix (a CLI run, say) declares 2 for this pool.
    const other = await RedisPoolRegistry.connect({ url: redis.url, clock: systemClock });
    await other.configure(id, 2);
    expect(await poolOf()).toMatchObject({ level: 2, declaredLevel: 5 });
    await other.close();
    const back = await poolOf();
    expect(back).toMatchObject({ level: 5 });
    expect(back).not.toHaveProperty('declaredLevel');
  }, 60_000);
});
