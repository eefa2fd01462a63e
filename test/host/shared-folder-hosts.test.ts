/**
 * Two real `serve` processes on one data folder and one Redis (issue 19.3): what one host
 * changes the other sees within about a second (connections and their pools, flows, schedules),
 * and a schedule fires once per due time across both hosts. Counted at the sandbox and in the
 * store (the runs), waiting on what the hosts answer rather than on fixed sleeps; one host is
 * stalled (SIGSTOP) so that its timer fires late, as a loaded machine's would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { describeWithRedis, TestRedisServer } from '../concurrency/support/redis-server';
import { importableOrder } from '../support/importable-order';
import { waitFor } from '../support/wait-for';
import { ApiClient } from './support/host-harness';
import type { ApiAnswer } from './support/host-harness';
import { listening, serve, stopServed } from './support/served-host';
import type { Served } from './support/served-host';

const TOKEN = 'shared-folder-token-0123456789';
const ORDERS = 40;

interface Run {
  readonly id: string;
  readonly status: string;
  readonly startedAt: string;
  readonly scheduledFor?: string;
}

/** The one waitFor, polling the two serve processes every 50 ms; answers how long it took (ms). */
function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<number> {
  return waitFor(check, what, timeoutMs, 50);
}

describeWithRedis('two serve processes, one data folder, one Redis', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'host-shared-folder-'));
  const started: Served[] = [];
  let sandbox: SandboxServer;
  let redis: TestRedisServer;
  let a: ApiClient;
  let b: ApiClient;
  let first: Served;
  let second: Served;
  let integrationId: string;
  const seen: Record<string, number> = {};

  const runsOf = async (api: ApiClient, flowId: string): Promise<Run[]> => (await api.get(`/api/flows/${flowId}/runs?limit=100`)).body as Run[];
  const fileStep = (operation: 'read' | 'write', name: string) => ({ appId: 'file', operation, config: { name } });
  const expectStatus = (answer: ApiAnswer, status: number): ApiAnswer => {
    if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${answer.text}`);
    return answer;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: false, latency: { minMs: 5, maxMs: 10 } });
    sandbox.control.addUser({ apiUser: 'shared-folder', apiKey: 'shared-folder-key-1234', level: 'merchant' });
    redis = await TestRedisServer.start();
    const env = { MASTER_KEY: Buffer.alloc(32, 31).toString('base64'), HOST_TOKEN: TOKEN };
    const args = ['--cartrover-url', sandbox.url, '--redis-url', redis.url];
    first = serve(dataDir, args, env);
    started.push(first);
    a = new ApiClient(await listening(first), TOKEN);
    // The second starts once the first has made the database (two first starts would race the migrations).
    second = serve(dataDir, args, env);
    started.push(second);
    b = new ApiClient(await listening(second), TOKEN);
    integrationId = expectStatus(await a.post('/api/integrations', { name: 'Shared folder' }), 201).body.id;
  }, 60_000);

  afterAll(async () => {
    for (const served of started) await stopServed(served);
    await sandbox?.close();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.stderr.write(`shared folder: the other host saw each change after (ms) ${JSON.stringify(seen)}\n`);
  });

  it('a connection created on one host is used on the other; a resize and a delete there follow within a second', async () => {
    const created = expectStatus(
      await a.post('/api/connections', { appId: 'cartrover', integrationId, values: { name: 'Shared cart', apiUser: 'shared-folder', apiKey: 'shared-folder-key-1234', concurrencyLevel: 3 } }),
      201,
    ).body.connection as { id: string };
    const refs = Array.from({ length: ORDERS }, (_, index) => `SHARED-${index}`);
    expectStatus(await a.request('PUT', '/api/files/shared-orders.ndjson', refs.map((ref) => JSON.stringify(importableOrder(ref))).join('\n'), { 'content-type': 'application/x-ndjson' }), 200);
    const flow = expectStatus(
      await b.post('/api/flows', { integrationId, name: 'Orders in', source: fileStep('read', 'shared-orders.ndjson'), destination: { appId: 'cartrover', connectionId: created.id, operation: 'orders.create', config: {} } }),
      201,
    ).body as { id: string };

    // Created on A, run on B: every order reaches CartRover once.
    const run = expectStatus(await b.post(`/api/flows/${flow.id}/run`), 202).body.runId as string;
    expect((await b.waitForRun(flow.id, run, 60_000)).body).toEqual(expect.objectContaining({ status: 'succeeded', written: ORDERS, failed: 0 }));
    const counts = sandbox.control.counters();
    expect(refs.map((ref) => counts.ordersCreated[ref])).toEqual(refs.map(() => 1));
    expect(counts.maxInFlight['shared-folder']).toBeLessThanOrEqual(3);

    // Resized on A: B's pool has the new level, and B's next run keeps to it at CartRover.
    expectStatus(await a.put(`/api/connections/${created.id}`, { values: { concurrencyLevel: 1 } }), 200);
    const poolOnB = async () => ((await b.get('/api/pools')).body as { poolId: string; level: number }[]).find((pool) => pool.poolId === created.id);
    seen.resize = await until(async () => (await poolOnB())?.level === 1, 'B to see the level set on A');
    sandbox.control.resetCounters();
    const again = expectStatus(await b.post(`/api/flows/${flow.id}/run`), 202).body.runId as string;
    expect((await b.waitForRun(flow.id, again, 60_000)).body).toEqual(expect.objectContaining({ status: 'succeeded', skipped: ORDERS }));
    expect(sandbox.control.counters().maxInFlight['shared-folder']).toBe(1);

    // Created and deleted on A: B lists its pool, then neither the connection nor its pool.
    const spare = expectStatus(
      await a.post('/api/connections', { appId: 'cartrover', values: { name: 'Spare cart', apiUser: 'shared-folder', apiKey: 'shared-folder-key-1234' } }),
      201,
    ).body.connection as { id: string };
    const poolsOnB = async () => ((await b.get('/api/pools')).body as { poolId: string }[]).map((pool) => pool.poolId);
    seen.create = await until(async () => (await poolsOnB()).includes(spare.id), 'B to list the pool of a connection made on A');
    expect((await b.get(`/api/connections/${spare.id}`)).status).toBe(200);
    expectStatus(await a.delete(`/api/connections/${spare.id}`), 204);
    expect((await b.get(`/api/connections/${spare.id}`)).status).toBe(404);
    seen.delete = await until(async () => !(await poolsOnB()).includes(spare.id), 'B to drop the pool of a connection deleted on A');
  }, 120_000);

  it('a schedule fires once per due time across both hosts; removed on one host, it stops on both', async () => {
    expectStatus(await a.request('PUT', '/api/files/tick.ndjson', JSON.stringify({ n: 1 }), { 'content-type': 'application/x-ndjson' }), 200);
    const scheduled = async (name: string) =>
      expectStatus(
        await a.post('/api/flows', { integrationId, name, source: fileStep('read', 'tick.ndjson'), destination: fileStep('write', `${name}.ndjson`), schedule: { enabled: true, kind: 'interval', every: 1, unit: 'seconds' } }),
        201,
      ).body as { id: string; nextRunAt: string };
    const ticker = await scheduled('ticker');
    const witness = await scheduled('witness');
    // Made on A; B arms it from the store.
    seen.schedule = await until(async () => (await b.get(`/api/flows/${ticker.id}`)).body.nextRunAt !== undefined, 'B to arm the schedule made on A');

    await until(async () => (await runsOf(a, ticker.id)).length >= 2, 'the first scheduled runs');
    // B stalls (SIGSTOP) while A runs two due times; B's timer for the due time it stalled in then
    // fires late, after A's run of it has finished, and finds that due time taken.
    const beforeStall = (await runsOf(a, ticker.id)).length;
    // Half-way between two due times, when no host is writing: a host stopped inside a write
    // transaction would hold SQLite's write lock and stall the other host too.
    const latestDue = Math.max(...(await runsOf(a, ticker.id)).map((one) => Date.parse(one.scheduledFor ?? one.startedAt)));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, ((latestDue + 500 - Date.now()) % 1000 + 1000) % 1000)));
    second.child.kill('SIGSTOP');
    try {
      // ...and to have finished them, so that B's late tick finds no run going (it would start nothing).
      await until(async () => {
        const sofar = await runsOf(a, ticker.id);
        return sofar.length >= beforeStall + 2 && sofar.every((one) => one.status !== 'running');
      }, 'A to run two due times while B is stopped');
    } finally {
      second.child.kill('SIGCONT');
    }
    await until(async () => (await runsOf(a, ticker.id)).length >= beforeStall + 6, 'scheduled runs after B is back', 60_000);
    const runs = await runsOf(b, ticker.id);
    const dueTimes = new Set(runs.map((one) => one.scheduledFor));
    // One run per due time, whichever host's timer fired first...
    expect(dueTimes.size).toBe(runs.length);
    expect([...dueTimes].every((due) => typeof due === 'string' && (Date.parse(due) - Date.parse(ticker.nextRunAt)) % 1000 === 0)).toBe(true);
    // ...and no more runs than due times went by (two hosts firing each would make about twice as many).
    const startTimes = runs.map((one) => Date.parse(one.startedAt));
    expect(runs.length).toBeLessThanOrEqual((Math.max(...startTimes) - Math.min(...startTimes)) / 1000 + 2);

    // Removed on A: B disarms it, and from then on neither host starts it, while the witness goes on.
    const flow = (await a.get(`/api/flows/${ticker.id}`)).body;
    expectStatus(await a.put(`/api/flows/${ticker.id}`, { name: flow.name, source: flow.source, destination: flow.destination, schedule: null }), 200);
    seen.unschedule = await until(async () => (await b.get(`/api/flows/${ticker.id}`)).body.nextRunAt === undefined, 'B to disarm the schedule removed on A');
    const witnessRuns = async () => (await runsOf(a, witness.id)).length;
    const afterRemoval = await witnessRuns();
    await until(async () => (await witnessRuns()) >= afterRemoval + 1, 'a witness run after the removal');
    const tickerRuns = (await runsOf(a, ticker.id)).length;
    await until(async () => (await witnessRuns()) >= afterRemoval + 4, 'three more witness runs');
    expect((await runsOf(a, ticker.id)).length).toBe(tickerRuns);

    // The first host stops: the second keeps the witness's schedule going by itself.
    expect(await stopServed(first)).toBe(0);
    const alone = await runsOf(b, witness.id);
    await until(async () => (await runsOf(b, witness.id)).length >= alone.length + 2, 'the second host to run the schedule alone');
  }, 120_000);
});
