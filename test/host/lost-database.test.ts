import { existsSync, rmSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { Host, HostStartError } from '../../host/src';
import { FAKE_MANIFEST, LogCapture, startTestHost, tempDataDir } from './support/host-harness';

/** A data folder whose key file is there but whose database is gone or empty is not started over empty (issue 19.6). */
describe('a lost host.db next to a key file', () => {
  it.each([['missing'], ['empty']])('host.db %s: the host refuses to start with a sentence, and writes nothing', async (state) => {
    const data = tempDataDir('host-lost-db-');
    try {
      const first = await startTestHost({ dataDir: data.dir });
      expect((await first.api.post('/api/connections', { appId: 'fake', values: { name: 'Kept', apiUser: 'u', apiKey: 'good-kept-key' } })).status).toBe(201);
      await first.close();
      for (const suffix of ['-wal', '-shm']) rmSync(path.join(data.dir, `host.db${suffix}`), { force: true });
      if (state === 'missing') rmSync(path.join(data.dir, 'host.db'));
      else truncateSync(path.join(data.dir, 'host.db'), 0);
      const started = Host.create({ dataDir: data.dir, manifests: [FAKE_MANIFEST], logDestination: new LogCapture() });
      await expect(started).rejects.toThrow(HostStartError);
      await expect(started).rejects.toThrow(`its database host.db is ${state}`);
      // Nothing was created in its place.
      const database = path.join(data.dir, 'host.db');
      expect(existsSync(database) ? statSync(database).size : 'none').toBe(state === 'missing' ? 'none' : 0);
    } finally {
      data.remove();
    }
  });
});
