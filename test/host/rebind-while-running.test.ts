import { useSandboxedHost } from './support/host-harness';
import { importableOrder as order } from '../support/importable-order';
import { waitFor } from '../support/wait-for';

const ORDERS = 700;

/**
 * Re-binding while busy (src/concurrency/README.md), through the host's REST API with the real plugin: a connection's flow keeps importing
 * while `PUT /api/connections/:id` resizes its pool and then re-binds it to a lender's. Counted at
 * the sandbox: once the requests granted under the old level have finished, in flight never
 * exceeds the level now in effect, and the new level is really used.
 */
describe('re-binding and resizing through PUT while a flow runs', () => {
  // Requests last long enough that a loaded machine still fills the level (a short one ends before the next is granted).
  const running = useSandboxedHost({ sandbox: { seed: false, latency: { minMs: 30, maxMs: 50 } }, host: { masterKey: Buffer.alloc(32, 6).toString('base64') } }, 'host-rebind-');

  const api = () => running.api;

  it('never exceeds the level in effect, before and after each PUT', async () => {
    running.sandbox.control.addUser({ apiUser: 'rebind-worker', apiKey: 'rebind-worker-key-1234', level: 'merchant' });
    running.sandbox.control.addUser({ apiUser: 'rebind-lender', apiKey: 'rebind-lender-key-5678', level: 'merchant' });
    const integration = (await api().post('/api/integrations', { name: 'Re-binding' })).body as { id: string };
    const create = async (values: Record<string, unknown>) => {
      const answer = await api().post('/api/connections', { appId: 'cartrover', integrationId: integration.id, values });
      expect(answer.status).toBe(201);
      return answer.body.connection as { id: string };
    };
    const lender = await create({ name: 'Rebind lender', apiUser: 'rebind-lender', apiKey: 'rebind-lender-key-5678', concurrencyLevel: 1 });
    const worker = await create({ name: 'Rebind worker', apiUser: 'rebind-worker', apiKey: 'rebind-worker-key-1234', concurrencyLevel: 2 });

    const refs = Array.from({ length: ORDERS }, (_, i) => `RB-${i}`);
    expect((await api().request('PUT', '/api/files/rebind.ndjson', refs.map((ref) => JSON.stringify(order(ref))).join('\n'), { 'content-type': 'application/x-ndjson' })).status).toBe(200);
    const flow = (
      await api().post('/api/flows', {
        integrationId: integration.id,
        name: 'Import while re-binding',
        source: { appId: 'file', operation: 'read', config: { name: 'rebind.ndjson' } },
        destination: { appId: 'cartrover', connectionId: worker.id, operation: 'orders.create', config: {} },
      })
    ).body as { id: string };

    const inFlight = (): number => running.sandbox.control.counters().inFlight['rebind-worker'] ?? 0;
    const created = (): number => Object.keys(running.sandbox.control.counters().ordersCreated).length;
    /** Lets the flow create `count` more orders at the level now in effect, and returns the most in flight meanwhile. */
    const maxWhileCreating = async (level: number, count: number): Promise<number> => {
      // The requests the old pool granted before the PUT (at most 4) finish first: "in flight <= level"
      // alone can be one old request plus the first grant of the new pool, at level 1.
      const settled = created() + 4;
      await waitFor(() => created() >= settled && inFlight() <= level, `the requests granted under the old level to finish (level ${level})`);
      running.sandbox.control.resetCounters();
      const target = created() + count;
      await waitFor(() => created() >= target, `${count} more orders`);
      return running.sandbox.control.counters().maxInFlight['rebind-worker'] ?? 0;
    };

    running.sandbox.control.resetCounters();
    const run = await api().post(`/api/flows/${flow.id}/run`);
    expect(run.status).toBe(202);

    expect(await maxWhileCreating(2, 60)).toBe(2);

    const resized = await api().put(`/api/connections/${worker.id}`, { values: { concurrencyLevel: 4 } });
    expect(resized.status).toBe(200);
    expect(await maxWhileCreating(4, 100)).toBe(4);

    const rebound = await api().put(`/api/connections/${worker.id}`, { values: { borrowConcurrencyFrom: lender.id } });
    expect(rebound.status).toBe(200);
    const pools = (await api().get('/api/pools')).body as Array<{ poolId: string; level: number; connectionIds: string[] }>;
    expect(pools.find((pool) => pool.poolId === lender.id)).toEqual(expect.objectContaining({ level: 1, connectionIds: [lender.id, worker.id].sort() }));
    expect(await maxWhileCreating(1, 30)).toBe(1);

    // Resizing the lender resizes the pool its borrower now runs in.
    const lenderResized = await api().put(`/api/connections/${lender.id}`, { values: { concurrencyLevel: 6 } });
    expect(lenderResized.status).toBe(200);
    expect(await maxWhileCreating(6, 60)).toBeGreaterThan(1);
    expect(running.sandbox.control.counters().maxInFlight['rebind-worker']).toBeLessThanOrEqual(6);

    const done = await api().waitForRun(flow.id, run.body.runId, 60_000);
    expect(done.body).toEqual(expect.objectContaining({ status: 'succeeded', read: ORDERS, written: ORDERS, failed: 0 }));
  });
});
