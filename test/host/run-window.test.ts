import { startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { CountingProxy } from './support/counting-proxy';
import type { RunningHost } from './support/host-harness';
import { startTestHost, tempDataDir } from './support/host-harness';
import { createImportFlow } from './support/import-flow';
import { REAL_MANIFEST, requireBuiltPlugin } from './support/real-plugin';

/**
 * The longest a record is held (the "one record delayed by 2 s", stretched for a loaded
 * machine): it is let go as soon as the others have proven the window, so a good runner never waits this long.
 */
const HOLD_AT_MOST_MS = 20_000;
const LEVEL = 5;
/** More than two of the old 100-record batches: a runner that waits for a batch's slowest record cannot get there. */
const OTHERS_DONE_DURING_HOLD = 250;

describe('the flow runner keeps a continuous window (issue 25)', () => {
  const data = tempDataDir('host-window-');
  let sandbox: SandboxServer;
  let proxy: CountingProxy;
  let running: RunningHost;

  beforeAll(async () => {
    requireBuiltPlugin();
    sandbox = await startSandbox({ latency: { minMs: 2, maxMs: 4 } });
    proxy = await CountingProxy.start(sandbox.url);
    running = await startTestHost({ dataDir: data.dir, manifests: [REAL_MANIFEST], settings: { CARTROVER_BASE_URL: proxy.url }, masterKey: Buffer.alloc(32, 7).toString('base64') });
  });
  afterAll(async () => {
    await running?.close();
    await proxy?.close();
    await sandbox?.close();
    data.remove();
  });

  it('while one record is held at CartRover, the other permits keep working: level - 1 in flight, hundreds done', async () => {
    const api = running.api;
    const flow = await createImportFlow(api, sandbox, { prefix: 'WIN', count: 400, level: LEVEL });
    const slow = flow.custRefs[3];
    proxy.hold((custRef) => custRef === slow);

    const started = await api.post(`/api/flows/${flow.flowId}/run`);
    expect(started.status).toBe(202);
    await proxy.when(() => proxy.held.length === 1);
    const createsAtHold = proxy.creates;
    // While it is held: enough others done, and level - 1 others in flight beside it (counted at the door).
    const proven = proxy.when(() => proxy.creates - createsAtHold >= OTHERS_DONE_DURING_HOLD && proxy.inFlight - 1 >= LEVEL - 1);
    const timeUp = new Promise<void>((resolve) => setTimeout(resolve, HOLD_AT_MOST_MS).unref());
    await Promise.race([proven, timeUp]);
    const during = { othersStarted: proxy.creates - createsAtHold, othersInFlight: proxy.inFlight - 1, stillHeld: proxy.held.length };
    proxy.releaseAll();

    const run = await api.waitForRun(flow.flowId, started.body.runId);
    expect(during.stillHeld).toBe(1);
    expect(during.othersStarted).toBeGreaterThanOrEqual(OTHERS_DONE_DURING_HOLD);
    expect(during.othersInFlight).toBeGreaterThanOrEqual(LEVEL - 1);
    expect(run.body).toEqual(expect.objectContaining({ status: 'succeeded', read: 400, written: 400, failed: 0, skipped: 0, total: 400, percent: 100 }));
    // The level is never exceeded, and every order is created exactly once (1.00 requests per order).
    expect(proxy.maxInFlight).toBeLessThanOrEqual(LEVEL);
    expect(proxy.creates).toBe(400);
    expect(flow.custRefs.every((ref) => proxy.created.get(ref) === 1)).toBe(true);
  });
});
