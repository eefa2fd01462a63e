import { useSandboxedHost } from './support/host-harness';
import { createImportFlow } from './support/import-flow';

/**
 * The longest a record is held (the "one record delayed by 2 s", stretched for a loaded
 * machine): it is let go as soon as the others have proven the window, so a good runner never waits this long.
 */
const HOLD_AT_MOST_MS = 20_000;
const LEVEL = 5;
/** More than two of the old 100-record batches: a runner that waits for a batch's slowest record cannot get there. */
const OTHERS_DONE_DURING_HOLD = 250;

describe('the flow runner keeps a continuous window (issue 25)', () => {
  const running = useSandboxedHost({ sandbox: { latency: { minMs: 2, maxMs: 4 } }, proxy: true, host: { masterKey: Buffer.alloc(32, 7).toString('base64') } }, 'host-window-');

  it('while one record is held at CartRover, the other permits keep working: level - 1 in flight, hundreds done', async () => {
    const api = running.api;
    const flow = await createImportFlow(api, running.sandbox, { prefix: 'WIN', count: 400, level: LEVEL });
    const slow = flow.custRefs[3];
    running.proxy.hold((custRef) => custRef === slow);

    const started = await api.post(`/api/flows/${flow.flowId}/run`);
    expect(started.status).toBe(202);
    await running.proxy.when(() => running.proxy.held.length === 1);
    const createsAtHold = running.proxy.creates;
    // While it is held: enough others done, and level - 1 others in flight beside it (counted at the door).
    const proven = running.proxy.when(() => running.proxy.creates - createsAtHold >= OTHERS_DONE_DURING_HOLD && running.proxy.inFlight - 1 >= LEVEL - 1);
    const timeUp = new Promise<void>((resolve) => setTimeout(resolve, HOLD_AT_MOST_MS).unref());
    await Promise.race([proven, timeUp]);
    const during = { othersStarted: running.proxy.creates - createsAtHold, othersInFlight: running.proxy.inFlight - 1, stillHeld: running.proxy.held.length };
    running.proxy.releaseAll();

    const run = await api.waitForRun(flow.flowId, started.body.runId);
    expect(during.stillHeld).toBe(1);
    expect(during.othersStarted).toBeGreaterThanOrEqual(OTHERS_DONE_DURING_HOLD);
    expect(during.othersInFlight).toBeGreaterThanOrEqual(LEVEL - 1);
    expect(run.body).toEqual(expect.objectContaining({ status: 'succeeded', read: 400, written: 400, failed: 0, skipped: 0, total: 400, percent: 100 }));
    // The level is never exceeded, and every order is created exactly once (1.00 requests per order).
    expect(running.proxy.maxInFlight).toBeLessThanOrEqual(LEVEL);
    expect(running.proxy.creates).toBe(400);
    expect(flow.custRefs.every((ref) => running.proxy.created.get(ref) === 1)).toBe(true);
  });
});
