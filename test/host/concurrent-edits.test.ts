import { fakePluginState } from './fixtures/fake-plugin/fake-plugin-state';
import { useTestHost } from './support/host-harness';

const KEY = 'good-key-concurrent-1';

type Change = { field: 'name' | 'concurrencyLevel' | 'apiUser'; value: string | number };

/** Change i of 50: a name, a level or an API user (with its key), each value unique per field. */
function changeOf(index: number): Change {
  if (index % 3 === 0) return { field: 'name', value: `Renamed ${index}` };
  if (index % 3 === 1) return { field: 'concurrencyLevel', value: (index % 25) + 1 };
  return { field: 'apiUser', value: `user-${index}` };
}

function valuesOf(change: Change): Record<string, unknown> {
  return change.field === 'apiUser' ? { apiUser: change.value, apiKey: `${KEY}-${String(change.value)}` } : { [change.field]: change.value };
}

describe('concurrent edits: versions, ETag, 412, serialised writes, no stored cycle', () => {
  const running = useTestHost({ masterKey: Buffer.alloc(32, 8).toString('base64') }, 'host-edits-');

  afterAll(() => {
    fakePluginState().testDelayMs = 0;
  });
  afterEach(() => {
    fakePluginState().testDelayMs = 0;
  });

  async function create(name: string, extra: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
    const answer = await running.api.post('/api/connections', { appId: 'fake', values: { name, apiUser: 'u', apiKey: KEY, concurrencyLevel: 3, ...extra } });
    expect(answer.status).toBe(201);
    return answer.body.connection;
  }

  it('GET carries the version and an ETag; a stale If-Match or version is 412 with the current state', async () => {
    const connection = await create('Versioned');
    const got = await running.api.get(`/api/connections/${connection.id}`);
    expect(got.body.version).toBe(1);
    expect(got.headers.get('etag')).toBe('"1"');
    const first = await running.api.request('PUT', `/api/connections/${connection.id}`, { values: { concurrencyLevel: 4 } }, { 'if-match': '"1"' });
    expect(first.status).toBe(200);
    expect(first.body.connection.version).toBe(2);
    expect(first.headers.get('etag')).toBe('"2"');
    const stale = await running.api.request('PUT', `/api/connections/${connection.id}`, { values: { concurrencyLevel: 9 } }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toEqual(expect.objectContaining({ error: 'version_conflict', version: 2, current: expect.objectContaining({ id: connection.id, concurrencyLevel: 4, version: 2 }) }));
    const staleBody = await running.api.put(`/api/connections/${connection.id}`, { values: { concurrencyLevel: 9 }, version: 1 });
    expect(staleBody.status).toBe(412);
    const staleDelete = await running.api.request('DELETE', `/api/connections/${connection.id}`, undefined, { 'if-match': '"1"' });
    expect(staleDelete.status).toBe(412);
    expect((await running.api.get(`/api/connections/${connection.id}`)).body.concurrencyLevel).toBe(4);
    expect((await running.api.request('DELETE', `/api/connections/${connection.id}`, undefined, { 'if-match': '"2"' })).status).toBe(204);
  });

  it('50 parallel PUTs of different fields without a version: every change is kept, in some order, none lost', async () => {
    fakePluginState().testDelayMs = 3;
    const connection = await create('Fifty');
    const changes = Array.from({ length: 50 }, (_, index) => changeOf(index));
    const answers = await Promise.all(changes.map((change) => running.api.put(`/api/connections/${connection.id}`, { values: valuesOf(change) })));
    for (const answer of answers) expect(answer.status).toBe(200);
    const versions = answers.map((answer) => answer.body.connection.version as number).sort((a, b) => a - b);
    // Each write moved the version by exactly one: no two wrote over the same state.
    expect(versions).toEqual(Array.from({ length: 50 }, (_, index) => index + 2));
    answers.forEach((answer, index) => expect(answer.body.connection[changes[index]!.field]).toBe(changes[index]!.value));
    const final = (await running.api.get(`/api/connections/${connection.id}`)).body;
    expect(final.version).toBe(51);
    for (const field of ['name', 'concurrencyLevel', 'apiUser'] as const) {
      const last = answers.map((answer, index) => ({ version: answer.body.connection.version as number, change: changes[index]! })).filter((entry) => entry.change.field === field).sort((a, b) => b.version - a.version)[0]!;
      expect(final[field]).toBe(last.change.value);
    }
  });

  it('50 parallel PUTs all based on one version: exactly one is kept, the others are 412 and change nothing', async () => {
    fakePluginState().testDelayMs = 3;
    const connection = await create('One of fifty');
    const changes = Array.from({ length: 50 }, (_, index) => changeOf(index));
    const answers = await Promise.all(changes.map((change) => running.api.put(`/api/connections/${connection.id}`, { values: valuesOf(change), version: 1 })));
    const kept = answers.filter((answer) => answer.status === 200);
    expect(kept).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 412)).toHaveLength(49);
    const winner = changes[answers.indexOf(kept[0]!)]!;
    const final = (await running.api.get(`/api/connections/${connection.id}`)).body;
    expect(final.version).toBe(2);
    expect(final[winner.field]).toBe(winner.value);
  });

  it('flows and integrations carry a version and an ETag too; a stale If-Match is 412', async () => {
    const integration = (await running.api.post('/api/integrations', { name: 'Versioned integration' })).body;
    expect(integration.version).toBe(1);
    const got = await running.api.get(`/api/integrations/${integration.id}`);
    expect(got.headers.get('etag')).toBe('"1"');
    expect((await running.api.request('PUT', `/api/integrations/${integration.id}`, { name: 'Renamed integration' }, { 'if-match': '"1"' })).status).toBe(200);
    const stale = await running.api.request('PUT', `/api/integrations/${integration.id}`, { name: 'Lost rename' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.current).toEqual(expect.objectContaining({ name: 'Renamed integration', version: 2 }));
    await running.api.request('PUT', '/api/files/versioned.ndjson', '{"n":1}\n', { 'content-type': 'application/x-ndjson' });
    const flow = (await running.api.post('/api/flows', {
      integrationId: integration.id,
      name: 'Versioned flow',
      source: { appId: 'file', operation: 'read', config: { name: 'versioned.ndjson' } },
      destination: { appId: 'file', operation: 'write', config: { name: 'versioned-out.ndjson' } },
    })).body;
    expect(flow.version).toBe(1);
    expect((await running.api.get(`/api/flows/${flow.id}`)).headers.get('etag')).toBe('"1"');
    const edit = { name: 'Versioned flow 2', source: flow.source, destination: flow.destination };
    expect((await running.api.put(`/api/flows/${flow.id}`, { ...edit, version: 1 })).body.version).toBe(2);
    expect((await running.api.put(`/api/flows/${flow.id}`, { ...edit, name: 'Lost', version: 1 })).status).toBe(412);
    expect((await running.api.request('DELETE', `/api/flows/${flow.id}`, undefined, { 'if-match': '"1"' })).status).toBe(412);
    expect((await running.api.request('DELETE', `/api/flows/${flow.id}`, undefined, { 'if-match': '"2"' })).status).toBe(204);
  });

  it('the two-way borrow race never stores a cycle', async () => {
    fakePluginState().testDelayMs = 15;
    const a = await create('Lender race A');
    const b = await create('Lender race B');
    for (let round = 0; round < 5; round += 1) {
      const [toB, toA] = await Promise.all([
        running.api.put(`/api/connections/${a.id}`, { values: { borrowConcurrencyFrom: b.id } }),
        running.api.put(`/api/connections/${b.id}`, { values: { borrowConcurrencyFrom: a.id } }),
      ]);
      expect([toB.status, toA.status].filter((status) => status === 200)).toHaveLength(1);
      const refused = toB.status === 200 ? toA : toB;
      expect(refused.status).toBe(422);
      expect(refused.body.errors.borrowConcurrencyFrom).toMatch(/cycle/);
      const stored = (await running.api.get('/api/connections')).body as { id: string; borrowConcurrencyFrom: string | null }[];
      const lenderOf = new Map(stored.map((connection) => [connection.id, connection.borrowConcurrencyFrom]));
      expect(lenderOf.get(a.id) === b.id && lenderOf.get(b.id) === a.id).toBe(false);
      // Both can still be tested and one of them deleted after the other stops borrowing.
      expect((await running.api.post(`/api/connections/${a.id}/test`)).body.ok).toBe(true);
      for (const id of [a.id, b.id]) expect((await running.api.put(`/api/connections/${id}`, { values: { borrowConcurrencyFrom: '', concurrencyLevel: 2 } })).status).toBe(200);
    }
  });
});
