import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../support/temp-plugin';
import { ApiClient, startTestHost, tempDataDir } from './support/host-harness';
import type { RunningHost } from './support/host-harness';

const KEY = Buffer.alloc(32, 10).toString('base64');
const GOOD = 'good-key-ownership-1';
const HOST_PROCESS = path.join(__dirname, 'fixtures', 'host-process.js');
/** Long enough that a second host starting on a loaded machine still starts within it. */
const LEASE = { heartbeatMs: 200, leaseMs: 6000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A long flow: numbers -> collect (30,000 records in batches of 3), or -> a file (100,000 in batches of 100). */
async function longFlow(api: ApiClient, intoFile?: string): Promise<string> {
  const connection = await api.post('/api/connections', { appId: 'fake', values: { name: `Owner ${Math.random()}`, apiUser: 'u', apiKey: GOOD } });
  const integration = await api.post('/api/integrations', { name: 'Ownership' });
  expect((await api.put(`/api/integrations/${integration.body.id}/connections/register`, [connection.body.connection.id])).status).toBe(200);
  const flow = await api.post('/api/flows', {
    integrationId: integration.body.id,
    name: `Long ${Math.random()}`,
    source: { appId: 'fake', connectionId: connection.body.connection.id, operation: 'numbers', config: { count: intoFile === undefined ? 30000 : 100000 } },
    destination: intoFile === undefined
      ? { appId: 'fake', connectionId: connection.body.connection.id, operation: 'collect', config: {} }
      : { appId: 'file', operation: 'write', config: { name: intoFile } },
  });
  expect(flow.status).toBe(201);
  return flow.body.id;
}

async function untilRead(api: ApiClient, flowId: string, runId: string, atLeast: number) {
  for (;;) {
    const run = await api.get(`/api/flows/${flowId}/runs/${runId}`);
    if (run.body.status !== 'running' || run.body.read >= atLeast) return run.body;
    await sleep(20);
  }
}

describe('runs are owned by the host instance that started them', () => {
  it('a second host on the same data folder never fails the first host\'s live run', async () => {
    const data = tempDataDir('host-owner-');
    let first: RunningHost | undefined;
    let second: RunningHost | undefined;
    try {
      first = await startTestHost({ dataDir: data.dir, masterKey: KEY, runLease: LEASE });
      const flowId = await longFlow(first.api);
      const runId = (await first.api.post(`/api/flows/${flowId}/run`)).body.runId as string;
      await untilRead(first.api, flowId, runId, 30);
      second = await startTestHost({ dataDir: data.dir, masterKey: KEY, runLease: LEASE });
      // Longer than the lease: the second host's sweeps see the first one's heartbeats.
      await sleep(LEASE.leaseMs + 5 * LEASE.heartbeatMs);
      const seenBySecond = await second.api.get(`/api/flows/${flowId}/runs/${runId}`);
      expect(seenBySecond.body.status).toBe('running');
      const later = await untilRead(first.api, flowId, runId, seenBySecond.body.read + 30);
      expect(later.status).toBe('running');
      expect(later.read).toBeGreaterThan(seenBySecond.body.read);
    } finally {
      await second?.close();
      await first?.close();
      data.remove();
    }
  });

  it('after SIGKILL of the first host, the second fails its run only once the lease has passed', async () => {
    if (!existsSync(path.join(PROJECT_ROOT, 'host', 'dist', 'index.js'))) throw new Error('host/dist is not built: run `npm run build` (npm test does it first)');
    const data = tempDataDir('host-killed-');
    let child: ChildProcessWithoutNullStreams | undefined;
    let second: RunningHost | undefined;
    try {
      child = spawn(process.execPath, [HOST_PROCESS], {
        env: { PATH: process.env.PATH, HOST_DATA_DIR: data.dir, MASTER_KEY: KEY, HEARTBEAT_MS: String(LEASE.heartbeatMs), LEASE_MS: String(LEASE.leaseMs) },
      });
      const ready = await new Promise<string>((resolve, reject) => {
        let output = '';
        child!.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const line = /READY (\S+) (\S+)/.exec(output);
          if (line) resolve(`${line[1]} ${line[2]}`);
        });
        child!.once('exit', (code) => reject(new Error(`the host process exited with ${code}`)));
      });
      const [url, token] = ready.split(' ') as [string, string];
      const api = new ApiClient(url, token);
      // Into a file: after the kill its lines are the truth the saved counts are compared with.
      const flowId = await longFlow(api, 'killed-run.ndjson');
      const runId = (await api.post(`/api/flows/${flowId}/run`)).body.runId as string;
      await untilRead(api, flowId, runId, 30);
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      const killedAt = Date.now();
      child.kill('SIGKILL');
      await exited;

      second = await startTestHost({ dataDir: data.dir, masterKey: KEY, runLease: LEASE });
      // Within the lease the dead host's run still counts as its own: not failed at start-up.
      const early = await second.api.get(`/api/flows/${flowId}/runs/${runId}`);
      expect(early.body.status).toBe('running');
      let run = early.body;
      while (run.status === 'running' && Date.now() - killedAt < 20 * LEASE.leaseMs) {
        await sleep(50);
        run = (await second.api.get(`/api/flows/${flowId}/runs/${runId}`)).body;
      }
      expect(run.status).toBe('failed');
      expect(run.message).toMatch(/host that ran it stopped/);
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(LEASE.leaseMs - 2 * LEASE.heartbeatMs);
      // Counts were saved during the run (every second and every 100 results, counted as they arrive): the
      // written count is behind the file by less than one batch (the file app writes 100 at once).
      const lines = readFileSync(path.join(data.dir, 'files', 'killed-run.ndjson'), 'utf8').split('\n').filter((line) => line !== '').length;
      expect(run.written).toBeGreaterThan(0);
      expect(lines - run.written).toBeGreaterThanOrEqual(0);
      expect(lines - run.written).toBeLessThanOrEqual(100);
    } finally {
      child?.kill('SIGKILL');
      await second?.close();
      data.remove();
    }
  });
});
