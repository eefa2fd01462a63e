import { Host } from '../../host/src';
import { FAKE_MANIFEST, LogCapture, startTestHost, tempDataDir } from './support/host-harness';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');

describe('restart', () => {
  it('keeps data; the same master key decrypts, another is refused with a clear error', async () => {
    const data = tempDataDir('host-restart-');
    try {
      const first = await startTestHost({ dataDir: data.dir, masterKey: KEY_A });
      const integration = (await first.api.post('/api/integrations', { name: 'Kept' })).body;
      const created = await first.api.post('/api/connections', { appId: 'fake', integrationId: integration.id, values: { name: 'Survivor', apiUser: 'u', apiKey: 'good-survivor-key' } });
      const id = created.body.connection.id as string;
      await first.close();

      await expect(Host.create({ dataDir: data.dir, masterKey: KEY_B, manifests: [FAKE_MANIFEST], logDestination: new LogCapture() })).rejects.toThrow(/encrypted with master key mk-[0-9a-f]+, but the key from MASTER_KEY is mk-[0-9a-f]+/);

      const second = await startTestHost({ dataDir: data.dir, masterKey: KEY_A });
      try {
        const connection = await second.api.get(`/api/connections/${id}`);
        expect(connection.body).toEqual(expect.objectContaining({ name: 'Survivor', apiKey: '******' }));
        expect((await second.api.get(`/api/integrations/${integration.id}`)).body.connectionIds).toEqual([id]);
        const retest = await second.api.post(`/api/connections/${id}/test`);
        expect(retest.body.ok).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      data.remove();
    }
  });

  it('a generated key file is reused on restart', async () => {
    const data = tempDataDir('host-restart-file-');
    try {
      const first = await startTestHost({ dataDir: data.dir });
      expect(first.log.text()).toContain('A new master key was generated');
      const id = (await first.api.post('/api/connections', { appId: 'fake', values: { name: 'F', apiUser: 'u', apiKey: 'good-file-key' } })).body.connection.id;
      await first.close();
      const second = await startTestHost({ dataDir: data.dir });
      try {
        expect(second.log.text()).not.toContain('A new master key was generated');
        expect((await second.api.post(`/api/connections/${id}/test`)).body.ok).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      data.remove();
    }
  });

  it('a run left running by a crash is marked failed at start-up', async () => {
    const data = tempDataDir('host-restart-runs-');
    try {
      const first = await startTestHost({ dataDir: data.dir, masterKey: KEY_A });
      const integration = (await first.api.post('/api/integrations', { name: 'Crash' })).body;
      await first.api.request('PUT', '/api/files/c.ndjson', '{"a":1}', { 'content-type': 'application/x-ndjson' });
      const flow = (await first.api.post('/api/flows', { integrationId: integration.id, name: 'C', source: { appId: 'file', operation: 'read', config: { name: 'c.ndjson' } }, destination: { appId: 'file', operation: 'write', config: { name: 'd.ndjson' } } })).body;
      first.host.store.runs.start({ id: 'orphan', flowId: flow.id, startedAt: new Date().toISOString() });
      await first.close();
      const second = await startTestHost({ dataDir: data.dir, masterKey: KEY_A });
      try {
        const run = await second.api.get(`/api/flows/${flow.id}/runs/orphan`);
        expect(run.body).toEqual(expect.objectContaining({ status: 'failed', message: expect.stringContaining('stopped') }));
      } finally {
        await second.close();
      }
    } finally {
      data.remove();
    }
  });
});
