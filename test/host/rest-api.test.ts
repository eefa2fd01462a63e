import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fakePluginState } from './fixtures/fake-plugin/fake-plugin-state';
import { useTestHost } from './support/host-harness';

const GOOD_KEY = 'good-key-4f1c9a7e2b';
const OTHER_GOOD_KEY = 'good-other-8d3e5f6a';

describe('REST API (fake plugin through the manifest)', () => {
  const running = useTestHost({ masterKey: Buffer.alloc(32, 7).toString('base64') }, 'host-rest-');

  beforeEach(() => {
    fakePluginState().written.length = 0;
  });

  const api = () => running.api;

  async function createConnection(values: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const answer = await api().post('/api/connections', { appId: 'fake', values, ...extra });
    expect(answer.status).toBe(201);
    return answer.body.connection as { id: string; name: string };
  }

  describe('basics', () => {
    it('GET /api/health', async () => {
      const answer = await api().get('/api/health');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ status: 'ok' });
    });

    it('GET /api/apps lists the plugin app and the built-in file app', async () => {
      const answer = await api().get('/api/apps');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual([
        expect.objectContaining({ id: 'fake', name: 'Fake app', roles: ['source', 'destination'], plugin: { id: 'fake-plugin', version: '2.3.4' } }),
        expect.objectContaining({ id: 'file', roles: ['source', 'destination'], plugin: { id: 'host', version: expect.any(String) } }),
      ]);
    });

    it('GET /api/apps/:appId/operations', async () => {
      const answer = await api().get('/api/apps/file/operations');
      expect(answer.body.map((operation: { id: string; role: string }) => `${operation.role}:${operation.id}`)).toEqual(['source:read', 'destination:write']);
      expect((await api().get('/api/apps/nope/operations')).status).toBe(404);
    });

    it('unknown routes are 404 JSON errors', async () => {
      for (const answer of [await api().get('/api/nothing'), await api().post('/api/nothing', {})]) {
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual({ error: 'not_found', message: expect.any(String) });
      }
    });

    it('serves the web page (or says that it is missing) at /', async () => {
      const answer = await api().get('/');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('text/html');
      expect((await api().get('/..%2fpackage.json')).status).toBe(404);
      expect((await api().get('/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    });
  });

  describe('bad input is a 4xx, never a 500', () => {
    it('400 for malformed JSON', async () => {
      const answer = await api().request('POST', '/api/connections', '{"appId": "fake", "values": {', { 'content-type': 'application/json' });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: 'malformed_json', message: expect.any(String) });
    });

    it('413 for an oversized body', async () => {
      const big = JSON.stringify({ appId: 'fake', values: { name: 'x'.repeat(1024 * 1024 + 10) } });
      const answer = await api().request('POST', '/api/connections', big, { 'content-type': 'application/json' });
      expect(answer.status).toBe(413);
      expect(answer.body.error).toBe('payload_too_large');
    });

    it('415 for a wrong content type', async () => {
      const asText = await api().request('POST', '/api/connections', 'appId=fake', { 'content-type': 'text/plain' });
      expect(asText.status).toBe(415);
      expect(asText.body.error).toBe('unsupported_media_type');
      const asXml = await api().request('POST', '/api/integrations', '<x/>', { 'content-type': 'application/xml' });
      expect(asXml.status).toBe(415);
      const jsonFile = await api().request('PUT', '/api/files/a.ndjson', '{"a":1}', { 'content-type': 'application/json' });
      expect(jsonFile.status).toBe(415);
    });

    it('422 with field errors for values of the wrong shape', async () => {
      const answer = await api().post('/api/connections', { appId: 'fake', values: 'nope', extra: 1 });
      expect(answer.status).toBe(422);
      expect(answer.body.error).toBe('validation_failed');
      expect(answer.body.errors).toEqual(expect.objectContaining({ values: expect.any(String), extra: expect.any(String) }));
      const array = await api().post('/api/integrations', [1, 2]);
      expect(array.status).toBe(422);
      const missing = await api().request('POST', '/api/integrations', undefined);
      expect(missing.status).toBe(422);
    });

    it('422 for an unknown app in a body, 404 in a path', async () => {
      expect((await api().post('/api/connections', { appId: 'nope', values: {} })).status).toBe(422);
      expect((await api().post('/api/connections', { appId: 'file', values: {} })).status).toBe(422);
      expect((await api().post('/api/apps/nope/connection-form', {})).status).toBe(404);
      expect((await api().post('/api/apps/file/connection-form', {})).status).toBe(404);
    });
  });

  describe('connections', () => {
    it('renders the form, blank and for a stored connection', async () => {
      const blank = await api().post('/api/apps/fake/connection-form', {});
      expect(blank.status).toBe(200);
      expect(blank.body.appId).toBe('fake');
      expect(blank.body.fields.map((field: { id: string }) => field.id)).toEqual(['name', 'apiUser', 'apiKey', 'webhookSecret', 'borrowConcurrencyFrom', 'concurrencyLevel']);
      const empty = await api().request('POST', '/api/apps/fake/connection-form');
      expect(empty.status).toBe(200);

      const stored = await createConnection({ name: 'Form source', apiUser: 'form-user', apiKey: GOOD_KEY });
      const edit = await api().post('/api/apps/fake/connection-form', { connectionId: stored.id, values: { concurrencyLevel: '7' } });
      expect(edit.status).toBe(200);
      const byId = Object.fromEntries(edit.body.fields.map((field: { id: string; value: string }) => [field.id, field.value]));
      expect(byId).toEqual(expect.objectContaining({ name: 'Form source', apiUser: 'form-user', apiKey: '******', concurrencyLevel: '7' }));
      expect((await api().post('/api/apps/fake/connection-form', { connectionId: 'missing' })).status).toBe(422);
    });

    it('tests values without saving: ok, refused, invalid (config)', async () => {
      const before = (await api().get('/api/connections')).body.length;
      const ok = await api().post('/api/connections/test', { appId: 'fake', values: { name: 'T', apiUser: 'u', apiKey: GOOD_KEY } });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual(expect.objectContaining({ ok: true }));
      const refused = await api().post('/api/connections/test', { appId: 'fake', values: { name: 'T', apiUser: 'u', apiKey: 'bad-key-123' } });
      expect(refused.body).toEqual(expect.objectContaining({ ok: false, kind: 'auth' }));
      const invalid = await api().post('/api/connections/test', { appId: 'fake', values: { name: 'T' } });
      expect(invalid.status).toBe(200);
      expect(invalid.body).toEqual(expect.objectContaining({ ok: false, kind: 'config', errors: expect.objectContaining({ apiUser: expect.any(String), apiKey: expect.any(String) }) }));
      expect((await api().get('/api/connections')).body.length).toBe(before);
    });

    it('tests values over a stored connection with its stored key', async () => {
      const stored = await createConnection({ name: 'Stored for test', apiUser: 'stored-user', apiKey: GOOD_KEY });
      const masked = await api().post('/api/connections/test', { appId: 'fake', connectionId: stored.id, values: { apiKey: '******' } });
      expect(masked.body.ok).toBe(true);
      const omitted = await api().post('/api/connections/test', { appId: 'fake', connectionId: stored.id, values: {} });
      expect(omitted.body.ok).toBe(true);
      const replaced = await api().post('/api/connections/test', { appId: 'fake', connectionId: stored.id, values: { apiKey: 'bad-new-key' } });
      expect(replaced.body.ok).toBe(false);
      const otherUser = await api().post('/api/connections/test', { appId: 'fake', connectionId: stored.id, values: { apiUser: 'someone-else' } });
      expect(otherUser.body).toEqual(expect.objectContaining({ ok: false, kind: 'config', errors: { apiKey: expect.any(String) } }));
    });

    it('creates: 201 with the masked connection and the test; 422; 409 test_failed; saveOnFailedTest -> offline', async () => {
      const created = await api().post('/api/connections', { appId: 'fake', values: { name: '  Create me ', apiUser: 'c-user', apiKey: GOOD_KEY, concurrencyLevel: '3' } });
      expect(created.status).toBe(201);
      expect(created.body.test.ok).toBe(true);
      expect(created.body.connection).toEqual({
        id: expect.any(String),
        appId: 'fake',
        name: 'Create me',
        apiUser: 'c-user',
        apiKey: '******',
        webhookSecret: null, // a secret field of the form with nothing stored
        borrowConcurrencyFrom: null,
        concurrencyLevel: 3,
        offline: false,
        lastTest: expect.objectContaining({ ok: true, testedAt: expect.any(String) }),
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });

      const invalid = await api().post('/api/connections', { appId: 'fake', values: { name: '', apiUser: 'x', apiKey: GOOD_KEY, concurrencyLevel: 99 } });
      expect(invalid.status).toBe(422);
      expect(invalid.body).toEqual({
        error: 'validation_failed',
        message: expect.any(String),
        errors: { name: expect.any(String), concurrencyLevel: expect.any(String) },
        // Beside the machine-readable errors, a sentence per field for people.
        messages: { name: expect.any(String), concurrencyLevel: expect.any(String) },
      });

      const duplicate = await api().post('/api/connections', { appId: 'fake', values: { name: 'CREATE ME', apiUser: 'x', apiKey: GOOD_KEY } });
      expect(duplicate.status).toBe(422);
      expect(duplicate.body.errors.name).toBeDefined();

      const count = (await api().get('/api/connections')).body.length;
      const failed = await api().post('/api/connections', { appId: 'fake', values: { name: 'Failing', apiUser: 'f-user', apiKey: 'bad-key-1' } });
      expect(failed.status).toBe(409);
      expect(failed.body).toEqual({ error: 'test_failed', message: expect.stringContaining('refused'), test: expect.objectContaining({ ok: false, kind: 'auth' }) });
      expect((await api().get('/api/connections')).body.length).toBe(count);

      const confirmed = await api().post('/api/connections', { appId: 'fake', values: { name: 'Failing', apiUser: 'f-user', apiKey: 'bad-key-1' }, saveOnFailedTest: true });
      expect(confirmed.status).toBe(201);
      expect(confirmed.body.connection.offline).toBe(true);
      expect(confirmed.body.connection.lastTest.ok).toBe(false);
    });

    it('GET one and all; 404 for an unknown id', async () => {
      const stored = await createConnection({ name: 'Get me', apiUser: 'g', apiKey: GOOD_KEY });
      const one = await api().get(`/api/connections/${stored.id}`);
      expect(one.status).toBe(200);
      expect(one.body.apiKey).toBe('******');
      const all = await api().get('/api/connections');
      expect(all.body.some((connection: { id: string }) => connection.id === stored.id)).toBe(true);
      for (const answer of [
        await api().get('/api/connections/missing'),
        await api().put('/api/connections/missing', { values: {} }),
        await api().post('/api/connections/missing/test'),
        await api().delete('/api/connections/missing'),
      ]) {
        expect(answer.status).toBe(404);
        expect(answer.body.error).toBe('not_found');
      }
    });

    it('updates: an omitted or masked key keeps the stored one; a new user needs a new key', async () => {
      const stored = await createConnection({ name: 'Update me', apiUser: 'u1', apiKey: GOOD_KEY });
      const renamed = await api().put(`/api/connections/${stored.id}`, { values: { name: 'Updated' } });
      expect(renamed.status).toBe(200);
      expect(renamed.body.connection).toEqual(expect.objectContaining({ name: 'Updated', apiUser: 'u1', apiKey: '******', offline: false }));
      const masked = await api().put(`/api/connections/${stored.id}`, { values: { name: 'Updated', apiUser: 'u1', apiKey: '******' } });
      expect(masked.status).toBe(200);
      expect(masked.body.test.ok).toBe(true);
      const newUser = await api().put(`/api/connections/${stored.id}`, { values: { apiUser: 'u2' } });
      expect(newUser.status).toBe(422);
      expect(newUser.body.errors.apiKey).toBeDefined();
      const newKey = await api().put(`/api/connections/${stored.id}`, { values: { apiUser: 'u2', apiKey: OTHER_GOOD_KEY } });
      expect(newKey.status).toBe(200);
      expect(newKey.body.connection.apiUser).toBe('u2');
      const badKey = await api().put(`/api/connections/${stored.id}`, { values: { apiKey: 'bad-key-2' } });
      expect(badKey.status).toBe(409);
      expect((await api().get(`/api/connections/${stored.id}`)).body.offline).toBe(false);
      const kept = await api().put(`/api/connections/${stored.id}`, { values: { apiKey: 'bad-key-2' }, saveOnFailedTest: true });
      expect(kept.status).toBe(200);
      expect(kept.body.connection.offline).toBe(true);
    });

    it('POST /api/connections/:id/test sets offline and lastTest', async () => {
      const stored = await createConnection({ name: 'Retest', apiUser: 'r', apiKey: 'bad-key-3' }, { saveOnFailedTest: true });
      const still = await api().post(`/api/connections/${stored.id}/test`);
      expect(still.status).toBe(200);
      expect(still.body.ok).toBe(false);
      expect((await api().get(`/api/connections/${stored.id}`)).body.offline).toBe(true);
      await api().put(`/api/connections/${stored.id}`, { values: { apiKey: GOOD_KEY } });
      const now = await api().post(`/api/connections/${stored.id}/test`);
      expect(now.body.ok).toBe(true);
      const after = await api().get(`/api/connections/${stored.id}`);
      expect(after.body.offline).toBe(false);
      expect(after.body.lastTest).toEqual(expect.objectContaining({ ok: true }));
    });

    it('syncs the app lifecycle after every change', async () => {
      const syncs = fakePluginState().syncs.length;
      const stored = await createConnection({ name: 'Synced', apiUser: 's', apiKey: GOOD_KEY });
      expect(fakePluginState().syncs.length).toBe(syncs + 1);
      expect(fakePluginState().syncs.at(-1)).toContain(stored.id);
      await api().delete(`/api/connections/${stored.id}`);
      expect(fakePluginState().syncs.at(-1)).not.toContain(stored.id);
    });

    it('DELETE: 204; 409 for a lender (naming the borrower)', async () => {
      const lender = await createConnection({ name: 'Lender L', apiUser: 'l', apiKey: GOOD_KEY });
      const borrower = await createConnection({ name: 'Borrower B', apiUser: 'b', apiKey: GOOD_KEY, borrowConcurrencyFrom: lender.id });
      const pools = await api().get('/api/pools');
      expect(pools.body).toEqual(expect.arrayContaining([expect.objectContaining({ poolId: lender.id, level: 5, connectionIds: [lender.id, borrower.id] })]));
      const refused = await api().delete(`/api/connections/${lender.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('Borrower B');
      expect((await api().delete(`/api/connections/${borrower.id}`)).status).toBe(204);
      expect((await api().delete(`/api/connections/${lender.id}`)).status).toBe(204);
      expect((await api().get(`/api/connections/${lender.id}`)).status).toBe(404);
    });
  });

  describe('integrations', () => {
    it('creates, lists, registers with the lender chain, deregisters', async () => {
      const created = await api().post('/api/integrations', { name: 'Orders sync' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual(expect.objectContaining({ id: expect.any(String), name: 'Orders sync', connectionIds: [] }));
      const id = created.body.id as string;
      expect((await api().get(`/api/integrations/${id}`)).body.name).toBe('Orders sync');
      expect((await api().get('/api/integrations')).body.some((integration: { id: string }) => integration.id === id)).toBe(true);

      const root = await createConnection({ name: 'Chain root', apiUser: 'cr', apiKey: GOOD_KEY });
      const middle = await createConnection({ name: 'Chain middle', apiUser: 'cm', apiKey: GOOD_KEY, borrowConcurrencyFrom: root.id });
      const leaf = await createConnection({ name: 'Chain leaf', apiUser: 'cl', apiKey: GOOD_KEY, borrowConcurrencyFrom: middle.id });
      fakePluginState().chainsAsked = [];
      const registered = await api().put(`/api/integrations/${id}/connections/register`, [leaf.id]);
      expect(registered.status).toBe(200);
      expect([...registered.body.connectionIds].sort()).toEqual([root.id, middle.id, leaf.id].sort());
      // The chain is the plugin's answer (its one owner of lender chains), not walked by the host.
      expect(fakePluginState().chainsAsked).toEqual([leaf.id]);

      expect((await api().put('/api/integrations/missing/connections/register', [leaf.id])).status).toBe(404);
      const unknown = await api().put(`/api/integrations/${id}/connections/register`, ['nope']);
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toEqual({ nope: expect.any(String) });

      const lent = await api().delete(`/api/integrations/${id}/connections/${root.id}/register`);
      expect(lent.status).toBe(409);
      const gone = await api().delete(`/api/integrations/${id}/connections/${leaf.id}/register`);
      expect(gone.status).toBe(200);
      expect(gone.body.connectionIds).not.toContain(leaf.id);
      expect((await api().delete(`/api/integrations/${id}/connections/${leaf.id}/register`)).status).toBe(404);
      expect((await api().get('/api/integrations/missing')).status).toBe(404);
      expect((await api().post('/api/integrations', { name: '  ' })).status).toBe(422);
    });

    it('POST /api/connections with integrationId registers the connection and its lender', async () => {
      const integration = (await api().post('/api/integrations', { name: 'Auto' })).body;
      const lender = await createConnection({ name: 'Auto lender', apiUser: 'al', apiKey: GOOD_KEY });
      const borrower = await createConnection({ name: 'Auto borrower', apiUser: 'ab', apiKey: GOOD_KEY, borrowConcurrencyFrom: lender.id }, { integrationId: integration.id });
      const after = await api().get(`/api/integrations/${integration.id}`);
      expect([...after.body.connectionIds].sort()).toEqual([lender.id, borrower.id].sort());
      expect((await api().post('/api/connections', { appId: 'fake', values: { name: 'X', apiUser: 'x', apiKey: GOOD_KEY }, integrationId: 'nope' })).status).toBe(422);
    });
  });

  describe('files', () => {
    it('PUT and GET NDJSON; 422 naming the bad line or name; 404', async () => {
      const text = '{"id":1}\n{"id":2}\n';
      const put = await api().request('PUT', '/api/files/in.ndjson', text, { 'content-type': 'application/x-ndjson' });
      expect(put.status).toBe(200);
      expect(put.body).toEqual(expect.objectContaining({ name: 'in.ndjson', records: 2 }));
      const plain = await api().request('PUT', '/api/files/plain.txt', '{"a":1}', { 'content-type': 'text/plain; charset=utf-8' });
      expect(plain.status).toBe(200);
      const get = await api().get('/api/files/in.ndjson');
      expect(get.status).toBe(200);
      expect(get.headers.get('content-type')).toContain('application/x-ndjson');
      expect(get.text).toBe(text);
      const bad = await api().request('PUT', '/api/files/bad.ndjson', '{"id":1}\n{oops\n[1]\n', { 'content-type': 'application/x-ndjson' });
      expect(bad.status).toBe(422);
      expect(Object.keys(bad.body.errors)).toEqual(['line 2', 'line 3']);
      expect(bad.body.message).toContain('line 2');
      for (const name of ['.hidden', 'a..b', '..%2F..%2Fetc', 'x%2Fy']) {
        const answer = await api().request('PUT', `/api/files/${name}`, '{}', { 'content-type': 'application/x-ndjson' });
        expect([404, 422]).toContain(answer.status);
      }
      expect((await api().get('/api/files/missing.ndjson')).status).toBe(404);
      expect((await api().get('/api/files/..%2Fhost.db')).status).toBe(422);
      expect(readdirSync(path.join(running.dataDir, 'files')).sort()).toEqual(['in.ndjson', 'plain.txt']);
    });
  });

  describe('flows and runs', () => {
    async function setup(name: string) {
      const integration = (await api().post('/api/integrations', { name })).body;
      const connection = await createConnection({ name: `${name} conn`, apiUser: 'fu', apiKey: GOOD_KEY }, { integrationId: integration.id });
      return { integration, connection };
    }

    it('validates steps with 422 per field', async () => {
      const { integration, connection } = await setup('Validate');
      const stranger = await createConnection({ name: 'Unregistered', apiUser: 'un', apiKey: GOOD_KEY });
      const answer = await api().post('/api/flows', {
        integrationId: integration.id,
        name: 'Bad',
        source: { appId: 'fake', connectionId: stranger.id, operation: 'numbers', config: { count: 'many' } },
        destination: { appId: 'file', connectionId: connection.id, operation: 'read', config: {} },
      });
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual({
        'source.config.count': expect.any(String),
        'source.connectionId': expect.stringContaining('not registered'),
        'destination.operation': expect.stringContaining('write'),
        'destination.connectionId': expect.any(String),
      });
      const unknown = await api().post('/api/flows', {
        integrationId: 'nope',
        name: 'Bad',
        source: { appId: 'nope', operation: 'x', config: {} },
        destination: { appId: 'fake', operation: 'collect', config: {} },
      });
      expect(unknown.body.errors).toEqual(expect.objectContaining({ integrationId: expect.any(String), 'source.appId': expect.any(String), 'destination.connectionId': expect.any(String) }));
      const badName = await api().post('/api/flows', {
        integrationId: integration.id,
        name: 'Bad file',
        source: { appId: 'file', operation: 'read', config: { name: '../etc/passwd' } },
        destination: { appId: 'fake', connectionId: connection.id, operation: 'collect', config: {} },
      });
      expect(badName.body.errors).toEqual({ 'source.config.name': expect.any(String) });
    });

    it('runs file -> app: 202, counts per record, read = written + failed + skipped', async () => {
      const { integration, connection } = await setup('Run file');
      const lines = Array.from({ length: 10 }, (_, i) => JSON.stringify(i === 3 ? { id: i, fail: true } : i === 7 ? { id: i, skip: true } : { id: i })).join('\n');
      await api().request('PUT', '/api/files/ten.ndjson', lines, { 'content-type': 'application/x-ndjson' });
      const flow = await api().post('/api/flows', {
        integrationId: integration.id,
        name: 'Ten',
        source: { appId: 'file', operation: 'read', config: { name: 'ten.ndjson' } },
        destination: { appId: 'fake', connectionId: connection.id, operation: 'collect', config: { tag: 'ten' } },
      });
      expect(flow.status).toBe(201);
      expect(flow.body).toEqual(expect.objectContaining({ id: expect.any(String), name: 'Ten', integrationId: integration.id }));
      expect((await api().get(`/api/flows/${flow.body.id}`)).body.name).toBe('Ten');
      expect((await api().get('/api/flows')).body.some((candidate: { id: string }) => candidate.id === flow.body.id)).toBe(true);

      const started = await api().post(`/api/flows/${flow.body.id}/run`);
      expect(started.status).toBe(202);
      expect(started.body).toEqual({ runId: expect.any(String) });
      const run = await api().waitForRun(flow.body.id, started.body.runId);
      expect(run.body).toEqual(
        expect.objectContaining({ id: started.body.runId, flowId: flow.body.id, status: 'partial', read: 10, written: 8, failed: 1, skipped: 1, startedAt: expect.any(String), finishedAt: expect.any(String) }),
      );
      expect(run.body.errors).toEqual([{ index: 3, message: 'record 3 refused' }]);
      expect(fakePluginState().written.filter((entry) => entry.tag === 'ten')).toHaveLength(8);
      const runs = await api().get(`/api/flows/${flow.body.id}/runs`);
      expect(runs.body.map((candidate: { id: string }) => candidate.id)).toEqual([started.body.runId]);
      expect((await api().get(`/api/flows/${flow.body.id}/runs/nope`)).status).toBe(404);
      expect((await api().post('/api/flows/nope/run')).status).toBe(404);
    });

    it('runs app -> file with a delta watermark kept only on success', async () => {
      const { integration, connection } = await setup('Watermark');
      const flow = (
        await api().post('/api/flows', {
          integrationId: integration.id,
          name: 'Numbers',
          source: { appId: 'fake', connectionId: connection.id, operation: 'numbers', config: { count: 5 } },
          // Append: the second run's records (after the watermark) land after the first run's.
          destination: { appId: 'file', operation: 'write', config: { name: 'numbers.ndjson', mode: 'append' } },
        })
      ).body;
      const first = await api().waitForRun(flow.id, (await api().post(`/api/flows/${flow.id}/run`)).body.runId);
      expect(first.body).toEqual(expect.objectContaining({ status: 'succeeded', read: 5, written: 5, failed: 0, skipped: 0, errors: [] }));
      const second = await api().waitForRun(flow.id, (await api().post(`/api/flows/${flow.id}/run`)).body.runId);
      expect(second.body.status).toBe('succeeded');
      const file = await api().get('/api/files/numbers.ndjson');
      expect(file.text.trim().split('\n').map((line) => JSON.parse(line).n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(readFileSync(path.join(running.dataDir, 'files', 'numbers.ndjson'), 'utf8')).toBe(file.text);
    });

    it('a source failure fails the run and keeps the old watermark', async () => {
      const { integration, connection } = await setup('Broken source');
      const flow = (
        await api().post('/api/flows', {
          integrationId: integration.id,
          name: 'Broken',
          source: { appId: 'fake', connectionId: connection.id, operation: 'numbers', config: { count: 10, failAt: 5 } },
          destination: { appId: 'fake', connectionId: connection.id, operation: 'collect', config: { tag: 'broken' } },
        })
      ).body;
      const run = await api().waitForRun(flow.id, (await api().post(`/api/flows/${flow.id}/run`)).body.runId);
      expect(run.body).toEqual(expect.objectContaining({ status: 'failed', read: 4, written: 4, failed: 0, message: 'source broke at 5' }));
      expect(run.body.errors[0]).toEqual({ message: 'source broke at 5' });
      const again = await api().waitForRun(flow.id, (await api().post(`/api/flows/${flow.id}/run`)).body.runId);
      expect(again.body.read).toBe(4);
      expect(fakePluginState().written.filter((entry) => entry.tag === 'broken').map((entry) => entry.record.n)).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    });

    it('several runs at once', async () => {
      const { integration, connection } = await setup('Parallel');
      const flows = await Promise.all(
        ['p1', 'p2', 'p3'].map(async (tag) =>
          (
            await api().post('/api/flows', {
              integrationId: integration.id,
              name: tag,
              source: { appId: 'fake', connectionId: connection.id, operation: 'numbers', config: { count: 30 } },
              destination: { appId: 'fake', connectionId: connection.id, operation: 'collect', config: { tag } },
            })
          ).body,
        ),
      );
      const runIds = await Promise.all(flows.map(async (flow) => (await api().post(`/api/flows/${flow.id}/run`)).body.runId as string));
      const runs = await Promise.all(flows.map((flow, index) => api().waitForRun(flow.id, runIds[index]!)));
      for (const run of runs) expect(run.body).toEqual(expect.objectContaining({ status: 'succeeded', read: 30, written: 30 }));
    });

    it('an offline connection fails the run at once with the reason; a used connection cannot be deleted', async () => {
      const { integration, connection } = await setup('Offline');
      const flow = (
        await api().post('/api/flows', {
          integrationId: integration.id,
          name: 'Offline flow',
          source: { appId: 'fake', connectionId: connection.id, operation: 'numbers', config: { count: 3 } },
          destination: { appId: 'file', operation: 'write', config: { name: 'offline.ndjson' } },
        })
      ).body;
      const used = await api().delete(`/api/connections/${connection.id}`);
      expect(used.status).toBe(409);
      expect(used.body.error).toBe('connection_in_use');
      expect(used.body.message).toContain('Offline flow');
      const deregister = await api().delete(`/api/integrations/${integration.id}/connections/${connection.id}/register`);
      expect(deregister.status).toBe(409);

      await api().put(`/api/connections/${connection.id}`, { values: { apiKey: 'bad-key-9' }, saveOnFailedTest: true });
      const run = await api().waitForRun(flow.id, (await api().post(`/api/flows/${flow.id}/run`)).body.runId);
      expect(run.body).toEqual(expect.objectContaining({ status: 'failed', read: 0, written: 0 }));
      expect(run.body.message).toContain('is offline');
      expect(run.body.message).toContain('refused');

      expect((await api().delete(`/api/flows/${flow.id}`)).status).toBe(204);
      expect((await api().delete(`/api/connections/${connection.id}`)).status).toBe(204);
    });
  });
});
