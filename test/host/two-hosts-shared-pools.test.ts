import { TOKENS } from '../../src/contracts';
import type { PoolRegistry } from '../../src/contracts';
import { startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { describeWithRedis, TestRedisServer } from '../concurrency/support/redis-server';
import type { RunningHost } from './support/host-harness';
import { startTestHost, tempDataDir } from './support/host-harness';
import { REAL_MANIFEST, requireBuiltPlugin } from './support/real-plugin';
import { importableOrder as order } from '../support/importable-order';
import { waitFor } from '../support/wait-for';

const ORDERS_PER_FLOW = 300;

/**
 * Two hosts (as `serve` twice) on one data folder and one Redis: a flow run by each through the
 * same connection keeps the connection's level together, and an edit made in one host (resize,
 * re-bind) takes effect in the other within a second, counted at the sandbox.
 */
describeWithRedis('two hosts, one data folder, one Redis', () => {
  const data = tempDataDir('two-hosts-');
  let sandbox: SandboxServer;
  let redis: TestRedisServer;
  let first: RunningHost;
  let second: RunningHost;

  beforeAll(async () => {
    requireBuiltPlugin();
    sandbox = await startSandbox({ seed: false, latency: { minMs: 8, maxMs: 16 } });
    redis = await TestRedisServer.start();
    const options = {
      dataDir: data.dir,
      manifests: [REAL_MANIFEST],
      settings: { CARTROVER_BASE_URL: sandbox.url, REDIS_URL: redis.url },
      masterKey: Buffer.alloc(32, 9).toString('base64'),
    };
    first = await startTestHost(options);
    second = await startTestHost(options);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await sandbox?.close();
    await redis?.stop();
    data.remove();
  });

  it('keeps the level across both hosts, and applies edits made in one host in the other', async () => {
    sandbox.control.addUser({ apiUser: 'shared-worker', apiKey: 'shared-worker-key-1234', level: 'merchant' });
    sandbox.control.addUser({ apiUser: 'shared-lender', apiKey: 'shared-lender-key-5678', level: 'merchant' });
    const api = first.api;
    const integration = (await api.post('/api/integrations', { name: 'Shared pools' })).body as { id: string };
    const create = async (values: Record<string, unknown>) => {
      const answer = await api.post('/api/connections', { appId: 'cartrover', integrationId: integration.id, values });
      expect(answer.status).toBe(201);
      return answer.body.connection as { id: string };
    };
    const lender = await create({ name: 'Shared lender', apiUser: 'shared-lender', apiKey: 'shared-lender-key-5678', concurrencyLevel: 1 });
    const worker = await create({ name: 'Shared worker', apiUser: 'shared-worker', apiKey: 'shared-worker-key-1234', concurrencyLevel: 2 });
    const flows: { id: string }[] = [];
    for (const name of ['first', 'second']) {
      const refs = Array.from({ length: ORDERS_PER_FLOW }, (_, index) => `${name.toUpperCase()}-${index}`);
      const file = `${name}.ndjson`;
      expect((await api.request('PUT', `/api/files/${file}`, refs.map((ref) => JSON.stringify(order(ref))).join('\n'), { 'content-type': 'application/x-ndjson' })).status).toBe(200);
      flows.push(
        (
          await api.post('/api/flows', {
            integrationId: integration.id,
            name: `Import ${name}`,
            source: { appId: 'file', operation: 'read', config: { name: file } },
            destination: { appId: 'cartrover', connectionId: worker.id, operation: 'orders.create', config: {} },
          })
        ).body as { id: string },
      );
    }
    const secondRegistry = second.host.hostContainer.container.get<PoolRegistry>(TOKENS.PoolRegistry);
    await waitFor(() => secondRegistry.poolOf(worker.id) === worker.id, 'the second host to know the new connection', 1000);

    const inFlight = (): number => sandbox.control.counters().inFlight['shared-worker'] ?? 0;
    const created = (): number => Object.keys(sandbox.control.counters().ordersCreated).length;
    const maxWhileCreating = async (level: number, count: number): Promise<number> => {
      await waitFor(() => inFlight() <= level, `requests granted under the old level to finish (level ${level})`);
      sandbox.control.resetCounters();
      const target = created() + count;
      await waitFor(() => created() >= target, `${count} more orders`);
      return sandbox.control.counters().maxInFlight['shared-worker'] ?? 0;
    };

    sandbox.control.resetCounters();
    const runs = [await first.api.post(`/api/flows/${flows[0].id}/run`), await second.api.post(`/api/flows/${flows[1].id}/run`)];
    expect(runs.map((run) => run.status)).toEqual([202, 202]);
    expect(await maxWhileCreating(2, 60)).toBe(2);

    // Resized in the first host: the second host's requests use the new level within a second.
    expect((await first.api.put(`/api/connections/${worker.id}`, { values: { concurrencyLevel: 4 } })).status).toBe(200);
    expect(await maxWhileCreating(4, 100)).toBe(4);

    // Re-bound in the first host to a lender of level 1: the second host follows within a second.
    expect((await first.api.put(`/api/connections/${worker.id}`, { values: { borrowConcurrencyFrom: lender.id } })).status).toBe(200);
    const followedMs = await waitFor(() => secondRegistry.poolOf(worker.id) === lender.id, 're-bind seen by the second host', 1000);
    process.stderr.write(`second host followed the re-bind after ${followedMs} ms\n`);
    const pools = (await second.api.get('/api/pools')).body as Array<{ poolId: string; level: number; connectionIds: string[] }>;
    expect(pools.find((pool) => pool.poolId === lender.id)).toEqual(expect.objectContaining({ level: 1, connectionIds: [lender.id, worker.id].sort() }));
    expect(await maxWhileCreating(1, 30)).toBe(1);

    const finished = [await first.api.waitForRun(flows[0].id, runs[0].body.runId, 60_000), await second.api.waitForRun(flows[1].id, runs[1].body.runId, 60_000)];
    for (const done of finished) expect(done.body).toEqual(expect.objectContaining({ status: 'succeeded', read: ORDERS_PER_FLOW, written: ORDERS_PER_FLOW, failed: 0 }));
  }, 120_000);
});
