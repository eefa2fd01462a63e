import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { useSandboxedHost } from './support/host-harness';
import { importableOrder as order } from '../support/importable-order';

const SECRET_USER = 'e2e-secret-user';
const SECRET_KEY = 'e2eKey-7Hq2Lm9Xv4Rt8Wz1';

describe('end to end: the real CartRover plugin through plugin.manifest.json, against the sandbox', () => {
  const running = useSandboxedHost({ sandbox: { latency: { minMs: 5, maxMs: 15 } }, host: { masterKey: Buffer.alloc(32, 5).toString('base64') } }, 'host-e2e-');

  const api = () => running.api;

  it('lists the CartRover app from the manifest and renders its form', async () => {
    const apps = await api().get('/api/apps');
    expect(apps.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'cartrover', name: 'CartRover', roles: ['source', 'destination'], plugin: { id: 'cartrover-connector', version: '0.1.0' } })]));
    const form = await api().post('/api/apps/cartrover/connection-form', { values: {} });
    expect(form.status).toBe(200);
    expect(form.body.fields.map((field: { id: string }) => field.id)).toEqual(expect.arrayContaining(['name', 'apiUser', 'apiKey', 'borrowConcurrencyFrom', 'concurrencyLevel']));
    const operations = await api().get('/api/apps/cartrover/operations');
    expect(operations.body.map((operation: { id: string }) => operation.id)).toEqual(expect.arrayContaining(['orders', 'inventory', 'products', 'orders.create']));
  });

  it('tests, saves, refuses a bad key (409 test_failed), and never lets the key out', async () => {
    running.sandbox.control.addUser({ apiUser: SECRET_USER, apiKey: SECRET_KEY, level: 'merchant' });
    const values = { name: 'E2E secret', apiUser: SECRET_USER, apiKey: SECRET_KEY };
    const tested = await api().post('/api/connections/test', { appId: 'cartrover', values });
    expect(tested.body).toEqual(expect.objectContaining({ ok: true }));
    const wrong = await api().post('/api/connections/test', { appId: 'cartrover', values: { ...values, apiKey: 'wrong-key-123456' } });
    expect(wrong.body).toEqual(expect.objectContaining({ ok: false, kind: 'auth' }));
    const refused = await api().post('/api/connections', { appId: 'cartrover', values: { ...values, apiKey: 'wrong-key-123456' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('test_failed');

    const created = await api().post('/api/connections', { appId: 'cartrover', values });
    expect(created.status).toBe(201);
    const id = created.body.connection.id as string;
    expect(created.body.connection).toEqual(expect.objectContaining({ appId: 'cartrover', name: 'E2E secret', apiUser: SECRET_USER, apiKey: '******', offline: false }));
    await api().post(`/api/connections/${id}/test`);
    await api().post('/api/connections/test', { appId: 'cartrover', connectionId: id, values: { apiKey: '******' } });
    await api().put(`/api/connections/${id}`, { values: { concurrencyLevel: 2 } });
    await api().get('/api/connections');
    await api().get('/api/pools');

    const database = path.join(running.dataDir, 'host.db');
    const haystacks = [...api().bodies, running.log.text(), ...[database, `${database}-wal`].filter(existsSync).map((file) => readFileSync(file).toString('latin1'))];
    for (const needle of [SECRET_KEY, Buffer.from(`${SECRET_USER}:${SECRET_KEY}`).toString('base64')]) {
      expect(haystacks.filter((text) => text.includes(needle))).toHaveLength(0);
    }
  });

  it('two flows import orders at once through a lender and its borrower: never above the lender level, each order once', async () => {
    running.sandbox.control.addUser({ apiUser: 'e2e-lender', apiKey: 'e2e-lender-key-1234', level: 'merchant' });
    running.sandbox.control.addUser({ apiUser: 'e2e-borrower', apiKey: 'e2e-borrower-key-5678', level: 'merchant' });
    running.sandbox.control.defineGroup('shared', ['e2e-lender', 'e2e-borrower']);
    const integration = (await api().post('/api/integrations', { name: 'E2E orders' })).body;
    const lender = await api().post('/api/connections', { appId: 'cartrover', integrationId: integration.id, saveOnFailedTest: false, values: { name: 'E2E lender', apiUser: 'e2e-lender', apiKey: 'e2e-lender-key-1234', concurrencyLevel: 2 } });
    expect(lender.status).toBe(201);
    const borrower = await api().post('/api/connections', { appId: 'cartrover', integrationId: integration.id, values: { name: 'E2E borrower', apiUser: 'e2e-borrower', apiKey: 'e2e-borrower-key-5678', borrowConcurrencyFrom: lender.body.connection.id } });
    expect(borrower.status).toBe(201);

    const pools = await api().get('/api/pools');
    expect(pools.body).toEqual(expect.arrayContaining([expect.objectContaining({ poolId: expect.any(String), level: 2, connectionIds: expect.arrayContaining([lender.body.connection.id, borrower.body.connection.id]) })]));

    const refs = { a: Array.from({ length: 12 }, (_, i) => `E2E-A-${i}`), b: Array.from({ length: 12 }, (_, i) => `E2E-B-${i}`) };
    for (const [file, list] of [['a.ndjson', refs.a], ['b.ndjson', refs.b]] as const) {
      const put = await api().request('PUT', `/api/files/${file}`, list.map((ref) => JSON.stringify(order(ref))).join('\n'), { 'content-type': 'application/x-ndjson' });
      expect(put.status).toBe(200);
    }
    const flowFor = async (file: string, connectionId: string) =>
      (
        await api().post('/api/flows', {
          integrationId: integration.id,
          name: `Import ${file}`,
          source: { appId: 'file', operation: 'read', config: { name: file } },
          destination: { appId: 'cartrover', connectionId, operation: 'orders.create', config: {} },
        })
      ).body as { id: string };
    const flowA = await flowFor('a.ndjson', lender.body.connection.id);
    const flowB = await flowFor('b.ndjson', borrower.body.connection.id);
    running.sandbox.control.resetCounters();
    const [runA, runB] = await Promise.all([api().post(`/api/flows/${flowA.id}/run`), api().post(`/api/flows/${flowB.id}/run`)]);
    const [doneA, doneB] = await Promise.all([api().waitForRun(flowA.id, runA.body.runId), api().waitForRun(flowB.id, runB.body.runId)]);
    expect(doneA.body).toEqual(expect.objectContaining({ status: 'succeeded', read: 12, written: 12, failed: 0 }));
    expect(doneB.body).toEqual(expect.objectContaining({ status: 'succeeded', read: 12, written: 12, failed: 0 }));

    const counters = running.sandbox.control.counters();
    expect(counters.groupMaxInFlight.shared).toBeGreaterThan(0);
    expect(counters.groupMaxInFlight.shared).toBeLessThanOrEqual(2);
    for (const ref of [...refs.a, ...refs.b]) expect(counters.ordersCreated[ref]).toBe(1);
  });
});
