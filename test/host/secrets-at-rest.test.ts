import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fakePluginState } from './fixtures/fake-plugin/fake-plugin-state';
import { startTestHost, tempDataDir } from './support/host-harness';

const API_USER = 'secret-search-user';
const API_KEY = 'good-Zq8vX2pL9wRt5Kc';
const NEW_KEY = 'good-Nw4hY7uJ1mEa6Bd';
const BAD_KEY = 'bad-Hs3fG6kQ0oPi2Vn';

function forms(key: string): string[] {
  return [key, Buffer.from(`${API_USER}:${key}`).toString('base64'), Buffer.from(key).toString('base64')];
}

describe('secrets never leave the host in clear', () => {
  it('is absent from every response, the log and the database files (incl. WAL)', async () => {
    const data = tempDataDir('host-secrets-');
    const running = await startTestHost({ dataDir: data.dir, masterKey: Buffer.alloc(32, 3).toString('base64') });
    const api = running.api;
    try {
      const integration = (await api.post('/api/integrations', { name: 'Secret search' })).body;
      const created = await api.post('/api/connections', { appId: 'fake', integrationId: integration.id, values: { name: 'Secret one', apiUser: API_USER, apiKey: API_KEY } });
      expect(created.status).toBe(201);
      const id = created.body.connection.id as string;
      await api.post('/api/connections/test', { appId: 'fake', values: { name: 'Secret probe', apiUser: API_USER, apiKey: API_KEY } });
      await api.post('/api/connections/test', { appId: 'fake', values: { name: 'Secret probe', apiUser: API_USER, apiKey: BAD_KEY } });
      await api.post('/api/connections', { appId: 'fake', values: { name: 'Secret failing', apiUser: API_USER, apiKey: BAD_KEY } });
      await api.post('/api/connections', { appId: 'fake', values: { name: 'Secret failing', apiUser: API_USER, apiKey: BAD_KEY }, saveOnFailedTest: true });
      await api.post('/api/apps/fake/connection-form', { connectionId: id, values: {} });
      await api.post('/api/apps/fake/connection-form', { values: { apiKey: API_KEY } });
      await api.put(`/api/connections/${id}`, { values: { apiKey: NEW_KEY } });
      await api.post(`/api/connections/${id}/test`);
      await api.get('/api/connections');
      await api.get(`/api/connections/${id}`);
      await api.get('/api/pools');
      await api.request('POST', '/api/connections', `{"appId":"fake","values":{"apiKey":"${API_KEY}"`, { 'content-type': 'application/json' });
      const flow = (
        await api.post('/api/flows', {
          integrationId: integration.id,
          name: 'Secret flow',
          source: { appId: 'fake', connectionId: id, operation: 'numbers', config: { count: 3 } },
          destination: { appId: 'file', operation: 'write', config: { name: 'secret-out.ndjson' } },
        })
      ).body;
      const run = await api.waitForRun(flow.id, (await api.post(`/api/flows/${flow.id}/run`)).body.runId);
      expect(run.body.status).toBe('succeeded');

      const database = path.join(data.dir, 'host.db');
      const files = [database, `${database}-wal`, `${database}-shm`].filter(existsSync);
      expect(files).toContain(`${database}-wal`);
      const haystacks: Array<[string, string]> = [
        ...api.bodies.map((body, index): [string, string] => [`response ${index}`, body]),
        ['log', running.log.text()],
        ...files.map((file): [string, string] => [path.basename(file), readFileSync(file).toString('latin1')]),
      ];
      expect(running.log.text()).toContain('connection created');
      for (const key of [API_KEY, NEW_KEY, BAD_KEY]) {
        for (const needle of forms(key)) {
          for (const [where, text] of haystacks) {
            if (text.includes(needle)) throw new Error(`${where} contains a form of the key ${key}`);
          }
        }
      }
      // The host did store the key: encrypted, and it decrypts with the connection id as context.
      const directory = running.host.hostContainer.container.get<{ readSecret(id: string, field: string): Promise<string | undefined> }>(Symbol.for('integration-host/service/connection-directory'));
      expect(await directory.readSecret(id, 'apiKey')).toBe(NEW_KEY);
      expect(readdirSync(data.dir)).toEqual(expect.arrayContaining(['host.db', 'files']));
    } finally {
      await running.close();
      data.remove();
    }
  });

  it("redacts a second secret field of a plugin's form that the host never names (learnt from the form)", async () => {
    const WEBHOOK_SECRET = 'whs-Tq5nB8rK2yLm7Pd';
    const data = tempDataDir('host-second-secret-');
    const running = await startTestHost({ dataDir: data.dir, masterKey: Buffer.alloc(32, 4).toString('base64') });
    const plugin = fakePluginState();
    plugin.logTestValues = true; // the fake plugin logs the values it tests and echoes the webhook secret in a field's message
    const api = running.api;
    try {
      const values = { name: 'Two secrets', apiUser: API_USER, apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET };
      const probe = await api.post('/api/connections/test', { appId: 'fake', values });
      expect(probe.body).toMatchObject({ ok: false, kind: 'config', errors: { webhookSecret: 'Refused [redacted]' } });
      const created = await api.post('/api/connections', { appId: 'fake', values, saveOnFailedTest: true });
      expect(created.status).toBe(201);
      expect(created.body.connection).toMatchObject({ apiKey: '******', webhookSecret: '******' });
      await api.get(`/api/connections/${created.body.connection.id as string}`);
      await api.post('/api/apps/fake/connection-form', { connectionId: created.body.connection.id, values: {} });

      const log = running.log.text();
      expect(log).toContain('fake test values');
      expect(log).toContain('"webhookSecret":"[redacted]"');
      expect(log).toContain('"apiKey":"[redacted]"');
      const database = path.join(data.dir, 'host.db');
      const haystacks: Array<[string, string]> = [
        ...api.bodies.map((body, index): [string, string] => [`response ${index}`, body]),
        ['log', log],
        ...[database, `${database}-wal`].filter(existsSync).map((file): [string, string] => [path.basename(file), readFileSync(file).toString('latin1')]),
      ];
      for (const [where, text] of haystacks) {
        if (text.includes(WEBHOOK_SECRET)) throw new Error(`${where} contains the webhook secret`);
        if (text.includes(API_KEY)) throw new Error(`${where} contains the API key`);
      }
    } finally {
      plugin.logTestValues = false;
      await running.close();
      data.remove();
    }
  });
});
