import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { RunningHost } from './support/host-harness';
import { startTestHost, tempDataDir } from './support/host-harness';

/** Small enough that the run below fills it: about 3,000 lines of ~100 bytes. */
const TMPFS_BYTES = 256 * 1024;
const RECORDS = 6_000;

/**
 * A file the host writes into on a disk that is full: a real tmpfs where this process may mount one
 * (root, as in CI), else the file is a link to /dev/full (every write answers ENOSPC).
 */
function fullDiskFor(filesDir: string): { kind: 'tmpfs' | '/dev/full'; unmount: () => void } {
  mkdirSync(filesDir, { recursive: true, mode: 0o700 });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_BYTES},mode=0700`, 'tmpfs', filesDir], { stdio: 'ignore' });
    return { kind: 'tmpfs', unmount: () => execFileSync('umount', ['-l', filesDir], { stdio: 'ignore' }) };
  } catch {
    symlinkSync('/dev/full', path.join(filesDir, 'out.ndjson'));
    return { kind: '/dev/full', unmount: () => undefined };
  }
}

describe('a full disk during a run (issue 19.2)', () => {
  const data = tempDataDir('host-disk-full-');
  const source = tempDataDir('host-disk-full-source-');
  let running: RunningHost;
  let disk: { kind: 'tmpfs' | '/dev/full'; unmount: () => void };

  beforeAll(async () => {
    disk = fullDiskFor(path.join(data.dir, 'files'));
    running = await startTestHost({ dataDir: data.dir });
  });
  afterAll(async () => {
    await running?.close();
    disk?.unmount();
    data.remove();
    source.remove();
  });

  it('ends the run failed at once with a sentence, frees the flow, and the counts match the file (no cut line)', async () => {
    const api = running.api;
    const lines = Array.from({ length: RECORDS }, (_, n) => JSON.stringify({ n, text: 'x'.repeat(80) })).join('\n');
    // The input lives in the files folder too: on the small disk, so upload it before the disk fills.
    const put = await api.request('PUT', '/api/files/in.ndjson', disk.kind === 'tmpfs' ? lines.slice(0, 40_000).replace(/\n[^\n]*$/, '') : lines, { 'content-type': 'application/x-ndjson' });
    expect(put.status).toBe(200);
    const integration = (await api.post('/api/integrations', { name: 'Disk full' })).body as { id: string };
    const flow = (
      await api.post('/api/flows', {
        integrationId: integration.id,
        name: 'Copy to a full disk',
        source: { appId: 'file', operation: 'read', config: { name: 'in.ndjson' } },
        destination: { appId: 'file', operation: 'write', config: { name: 'out.ndjson', mode: 'append' } },
      })
    ).body as { id: string };

    // Append the input to itself until the disk is full: each run copies what is there.
    let run: { status: string; read: number; written: number; failed: number; message?: string } | undefined;
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const started = await api.post(`/api/flows/${flow.id}/run`);
      expect(started.status).toBe(202);
      run = (await api.waitForRun(flow.id, started.body.runId)).body;
      if (run?.status !== 'succeeded') break;
    }
    expect(run).toEqual(expect.objectContaining({ status: 'failed', message: expect.stringMatching(/^The disk is full: the file "out\.ndjson" could not be written \(ENOSPC\)/) }));
    expect(run!.read).toBe(run!.written + run!.failed);

    // The file holds whole records only, and (over every run) exactly as many as were counted written.
    const runs = (await api.get(`/api/flows/${flow.id}/runs?limit=100`)).body as Array<{ written: number }>;
    const writtenInAll = runs.reduce((sum, each) => sum + each.written, 0);
    if (disk.kind === 'tmpfs') {
      const text = readFileSync(path.join(data.dir, 'files', 'out.ndjson'), 'utf8');
      expect(text === '' || text.endsWith('\n')).toBe(true);
      const inFile = text.split('\n').filter((line) => line !== '');
      for (const line of inFile) expect(() => JSON.parse(line)).not.toThrow();
      expect(inFile).toHaveLength(writtenInAll);
    } else {
      expect(writtenInAll).toBe(0);
    }

    // The flow is free: a new run starts (and fails the same way), no 409.
    const again = await api.post(`/api/flows/${flow.id}/run`);
    expect(again.status).toBe(202);
    expect((await api.waitForRun(flow.id, again.body.runId)).body.status).toBe('failed');
  });
});
