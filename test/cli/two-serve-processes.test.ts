import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { describeWithRedis, freePort, TestRedisServer } from '../concurrency/support/redis-server';
import { ApiClient, tempDataDir } from '../host/support/host-harness';
import { requireBuiltPlugin } from '../host/support/real-plugin';
import { PROJECT_ROOT } from '../support/temp-plugin';
import { importableOrder as order } from '../support/importable-order';
import { waitFor } from '../support/wait-for';

const CLI = path.join(PROJECT_ROOT, 'cli', 'dist', 'main.js');
const HOST_TOKEN = 'two-serve-processes-token-0123456789';
const MASTER_KEY = Buffer.alloc(32, 13).toString('base64');
const ORDERS_PER_FLOW = 300;

interface ServeProcess {
  readonly child: ChildProcess;
  readonly api: ApiClient;
  readonly output: () => string;
  readonly stop: () => Promise<number | null>;
}

/** `serve` as an operator starts it: the built CLI, its own process, a port of its own. */
async function startServe(dataDir: string, sandboxUrl: string, redisUrl: string): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', String(port), '--data-dir', dataDir, '--cartrover-url', sandboxUrl, '--redis-url', redisUrl],
    { env: { PATH: process.env.PATH, HOST_TOKEN, MASTER_KEY }, cwd: PROJECT_ROOT },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const deadline = Date.now() + 30_000;
  while (!output.includes('Press Ctrl+C') && child.exitCode === null && Date.now() < deadline) await sleep(50);
  if (!output.includes(`running at http://127.0.0.1:${port}.`)) {
    child.kill('SIGKILL');
    throw new Error(`serve did not start on port ${port}:\n${output}`);
  }
  return {
    child,
    api: new ApiClient(`http://127.0.0.1:${port}`, HOST_TOKEN),
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The "done when", as an operator runs it: two `serve` processes of the built CLI on one
 * data folder and one redis-server. A flow run in each at once through one connection never puts
 * more than the connection's level in flight at the sandbox, and a resize made through one host's
 * REST API is what the other host's pools show (and obey) within a second.
 */
describeWithRedis('two serve processes, one data folder, one Redis', () => {
  const data = tempDataDir('two-serve-');
  let sandbox: SandboxServer;
  let redis: TestRedisServer;
  let first: ServeProcess | undefined;
  let second: ServeProcess | undefined;

  beforeAll(async () => {
    requireBuiltPlugin();
    if (!existsSync(CLI)) throw new Error(`The CLI is not built (${CLI} is missing): run \`npm run build\``);
    sandbox = await startSandbox({ seed: false, latency: { minMs: 8, maxMs: 16 } });
    redis = await TestRedisServer.start();
    // One after the other: the first creates the data folder's database, the second opens it.
    first = await startServe(data.dir, sandbox.url, redis.url);
    second = await startServe(data.dir, sandbox.url, redis.url);
  }, 90_000);
  afterAll(async () => {
    const codes = await Promise.all([first?.stop(), second?.stop()]);
    await sandbox?.close();
    await redis?.stop();
    data.remove();
    expect(codes).toEqual([0, 0]);
  }, 30_000);

  it('keeps the level across both processes and applies a resize made in one in the other within a second', async () => {
    const one = first!.api;
    const other = second!.api;
    expect(first!.output()).toContain('Concurrency pools are shared through Redis at redis://127.0.0.1');
    sandbox.control.addUser({ apiUser: 'serve-worker', apiKey: 'serve-worker-key-1234', level: 'merchant' });
    const integration = (await one.post('/api/integrations', { name: 'Two serve processes' })).body as { id: string };
    const created = await one.post('/api/connections', {
      appId: 'cartrover',
      integrationId: integration.id,
      values: { name: 'Serve worker', apiUser: 'serve-worker', apiKey: 'serve-worker-key-1234', concurrencyLevel: 2 },
    });
    expect(created.status).toBe(201);
    const connection = created.body.connection as { id: string };
    const poolLevelIn = async (api: ApiClient): Promise<number | undefined> => {
      const pools = (await api.get('/api/pools')).body as Array<{ poolId: string; level: number }>;
      return pools.find((pool) => pool.poolId === connection.id)?.level;
    };
    await waitFor(async () => (await poolLevelIn(other)) === 2, 'the second process to see the new connection', 1000);

    // A flow per process, each created through its own process's REST API (one shared database).
    const flows: { api: ApiClient; id: string }[] = [];
    for (const [name, api] of [['first', one], ['second', other]] as const) {
      const file = `${name}.ndjson`;
      const refs = Array.from({ length: ORDERS_PER_FLOW }, (_, index) => `SERVE-${name.toUpperCase()}-${index}`);
      const upload = await api.request('PUT', `/api/files/${file}`, refs.map((ref) => JSON.stringify(order(ref))).join('\n'), { 'content-type': 'application/x-ndjson' });
      expect(upload.status).toBe(200);
      const flow = await api.post('/api/flows', {
        integrationId: integration.id,
        name: `Import ${name}`,
        source: { appId: 'file', operation: 'read', config: { name: file } },
        destination: { appId: 'cartrover', connectionId: connection.id, operation: 'orders.create', config: {} },
      });
      expect(flow.status).toBe(201);
      flows.push({ api, id: (flow.body as { id: string }).id });
    }

    const inFlight = (): number => sandbox.control.counters().inFlight['serve-worker'] ?? 0;
    const ordersCreated = (): number => Object.keys(sandbox.control.counters().ordersCreated).length;
    const maxInFlightWhileCreating = async (level: number, count: number): Promise<number> => {
      await waitFor(() => inFlight() <= level, `requests granted under the old level to finish (level ${level})`);
      sandbox.control.resetCounters();
      const target = ordersCreated() + count;
      await waitFor(() => ordersCreated() >= target, `${count} more orders`);
      return sandbox.control.counters().maxInFlight['serve-worker'] ?? 0;
    };

    sandbox.control.resetCounters();
    const runs = await Promise.all(flows.map((flow) => flow.api.post(`/api/flows/${flow.id}/run`)));
    expect(runs.map((run) => run.status)).toEqual([202, 202]);
    // Both processes send: the level holds for the two together (reached, never exceeded).
    expect(await maxInFlightWhileCreating(2, 80)).toBe(2);

    // Resized through the first process's REST API: the second process's pools show it within a
    // second, and the sandbox sees the two processes together use exactly the new level.
    expect((await one.put(`/api/connections/${connection.id}`, { values: { concurrencyLevel: 4 } })).status).toBe(200);
    const seenMs = await waitFor(async () => (await poolLevelIn(other)) === 4, 'the resize seen by the second process', 1000);
    process.stderr.write(`second serve process saw the resize after ${seenMs} ms\n`);
    expect(await maxInFlightWhileCreating(4, 100)).toBe(4);

    const finished = await Promise.all(flows.map((flow, index) => flow.api.waitForRun(flow.id, runs[index].body.runId as string, 90_000)));
    for (const done of finished) {
      expect(done.body).toEqual(expect.objectContaining({ status: 'succeeded', read: ORDERS_PER_FLOW, written: ORDERS_PER_FLOW, failed: 0 }));
    }
    // Each process ran its own flow (the shared database shows both runs, each finished once).
    const perFlow = sandbox.control.counters().ordersCreated;
    expect(Object.keys(perFlow).filter((ref) => ref.startsWith('SERVE-FIRST-')).length).toBeGreaterThan(0);
    expect(Object.keys(perFlow).filter((ref) => ref.startsWith('SERVE-SECOND-')).length).toBeGreaterThan(0);
    for (const output of [first!.output(), second!.output()]) expect(output).not.toContain('serve-worker-key-1234');
  }, 150_000);
});
