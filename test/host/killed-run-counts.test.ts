import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { waitFor } from '../support/wait-for';
import { CountingProxy } from './support/counting-proxy';
import { ApiClient, tempDataDir } from './support/host-harness';
import { createImportFlow } from './support/import-flow';
import { REAL_MANIFEST, requireBuiltPlugin } from './support/real-plugin';

const HOST_PROCESS = path.join(__dirname, 'fixtures', 'host-process.js');
const KEY = Buffer.alloc(32, 11).toString('base64');
/** Not a multiple of any batch size: a runner that counts per batch cannot show it. */
const ANSWERED = 150;

describe('a killed run\'s counts are what CartRover did (issue 19.6)', () => {
  const data = tempDataDir('host-killed-counts-');
  let sandbox: SandboxServer;
  let proxy: CountingProxy;
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeAll(async () => {
    requireBuiltPlugin();
    sandbox = await startSandbox({ latency: { minMs: 1, maxMs: 2 } });
    proxy = await CountingProxy.start(sandbox.url);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await proxy?.close();
    await sandbox?.close();
    data.remove();
  });

  it('counts per record as results arrive, saved within a second: after SIGKILL the stored counts equal the orders created', async () => {
    child = spawn(process.execPath, [HOST_PROCESS], {
      env: { PATH: process.env.PATH, HOST_DATA_DIR: data.dir, MASTER_KEY: KEY, HOST_MANIFEST: REAL_MANIFEST, CARTROVER_BASE_URL: proxy.url, HEARTBEAT_MS: '2000', LEASE_MS: '15000' },
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
    const flow = await createImportFlow(api, sandbox, { prefix: 'KILL', count: 400, level: 5 });
    // CartRover answers the first 150 orders, then holds every later one: nothing more can be counted.
    proxy.hold((custRef) => Number(custRef.split('-')[1]) >= ANSWERED);
    const runId = (await api.post(`/api/flows/${flow.flowId}/run`)).body.runId as string;
    await proxy.when(() => proxy.held.length === 5);
    const created = () => flow.custRefs.filter((ref) => sandbox.control.counters().ordersCreated[ref] === 1).length;
    expect(created()).toBe(ANSWERED);
    // The saved counts catch up with CartRover within the save interval (bounded wait, not a timing).
    await waitFor(async () => (await api.get(`/api/flows/${flow.flowId}/runs/${runId}`)).body.written === ANSWERED, 'the saved counts to reach the orders created', 20_000);

    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const db = new Database(path.join(data.dir, 'host.db'), { readonly: true });
    try {
      const row = db.prepare('SELECT status, read, written, failed, skipped FROM runs WHERE id = ?').get(runId) as { status: string; read: number; written: number; failed: number; skipped: number };
      expect(row).toEqual({ status: 'running', read: ANSWERED + 5, written: ANSWERED, failed: 0, skipped: 0 });
      expect(row.written).toBe(created());
    } finally {
      db.close();
    }
  });
});
