import { CartRoverError } from '../../src/cartrover';
import type { RequestHookInfo } from '../../src/cartrover';
import { systemClock } from '../../src/contracts';
import { MERCHANT, rejectionOf, total, useSandbox } from './sandbox-fixture';

const { sandbox, client } = useSandbox();
const INVENTORY = 'GET /v1/merchant/inventory';

describe('retries of idempotent reads', () => {
  it.each(['http500', 'http503', 'html502', 'reset', 'rate_limit'] as const)('recovers from %s with backoff', async (kind) => {
    sandbox().control.injectFault({ kind, count: 2, endpoint: INVENTORY });
    const rows = await client(MERCHANT, { bucket: { capacity: 100, refillMs: 20 } }).listInventory({ limit: 3 });
    expect(rows).toHaveLength(3);
    expect(sandbox().control.counters().requests[INVENTORY]).toBe(3);
  });

  it('recovers from a timeout', async () => {
    sandbox().control.injectFault({ kind: 'timeout', count: 1, endpoint: INVENTORY, hangMs: 5000 });
    const rows = await client(MERCHANT, { timeoutMs: 150 }).listInventory({ limit: 2 });
    expect(rows).toHaveLength(2);
    expect(sandbox().control.counters().requests[INVENTORY]).toBe(2);
  });

  it('honours Retry-After of a 429 (seconds)', async () => {
    sandbox().control.setStyles({ rateLimitStyle: 'status429' });
    try {
      sandbox().control.injectFault({ kind: 'rate_limit', count: 1, endpoint: INVENTORY });
      const started = Date.now();
      await client(MERCHANT).listInventory({ limit: 1 });
      // The sandbox says Retry-After: 1; backoff alone would be <= 10 ms.
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(sandbox().control.counters().requests[INVENTORY]).toBe(2);
    } finally {
      sandbox().control.setStyles({ rateLimitStyle: 'body200' });
    }
  });

  it('waits at least one refill interval after a RateLimit body (200 style)', async () => {
    sandbox().control.injectFault({ kind: 'rate_limit', count: 1, endpoint: INVENTORY });
    const started = Date.now();
    await client(MERCHANT, { bucket: { capacity: 100, refillMs: 300 } }).listInventory({ limit: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('gives up after maxAttempts with the last error and the attempt count', async () => {
    sandbox().control.injectFault({ kind: 'http503', endpoint: INVENTORY });
    const error = await rejectionOf(client(MERCHANT, { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 } }).listInventory());
    expect(error).toMatchObject({ kind: 'server', httpStatus: 503, attempts: 3 });
    expect(sandbox().control.counters().requests[INVENTORY]).toBe(3);
  });

  it('gives up when the next wait would pass maxTotalMs', async () => {
    sandbox().control.injectFault({ kind: 'http500', endpoint: INVENTORY });
    // Full jitter drawn at its top (198 ms of 200): a second wait can never fit in 300 ms. (With
    // real draws, five short waits fit now and then: the request count was a matter of luck.)
    const random = jest.spyOn(Math, 'random').mockReturnValue(0.99);
    const started = Date.now();
    let error: Awaited<ReturnType<typeof rejectionOf>>;
    try {
      error = await rejectionOf(client(MERCHANT, { retry: { maxAttempts: 50, baseDelayMs: 200, maxDelayMs: 200, maxTotalMs: 300 } }).listInventory());
    } finally {
      random.mockRestore();
    }
    // The last error: the server's, or the deadline cutting an attempt that began just before it.
    expect(['server', 'timeout']).toContain(error.kind);
    expect(Date.now() - started).toBeLessThan(300 + 250); // a loaded machine's slack, never another 198 ms wait
    // One wait fits (at 0 + 198 ms), the next would end past 300 ms: at most two requests.
    expect(sandbox().control.counters().requests[INVENTORY]).toBeGreaterThanOrEqual(1);
    expect(sandbox().control.counters().requests[INVENTORY]).toBeLessThanOrEqual(2);
  });

  it('does not retry what cannot get better (auth, not found)', async () => {
    await expect(client({ apiUser: 'demo-merchant', apiKey: 'bad' }).listInventory()).rejects.toMatchObject({ kind: 'auth', attempts: 1 });
    await expect(client(MERCHANT).getInventory('NOPE')).rejects.toMatchObject({ kind: 'not_found', attempts: 1 });
  });

  it('never retries the ping', async () => {
    sandbox().control.injectFault({ kind: 'http503', count: 1 });
    await expect(client(MERCHANT).ping()).rejects.toMatchObject({ kind: 'server', attempts: 1 });
    expect(total(sandbox().control.counters().requests)).toBe(1);
  });
});

describe('abort', () => {
  it('before the call: nothing is sent', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(client(MERCHANT).listInventory({}, { signal: controller.signal }));
    expect(error).toBeInstanceOf(CartRoverError);
    expect(error).toMatchObject({ kind: 'aborted' });
    expect(total(sandbox().control.counters().requests)).toBe(0);
  });

  it('during the request', async () => {
    sandbox().control.setLatency(2000);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    await expect(client(MERCHANT).listInventory({}, { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('during a retry wait (the hook is not called again)', async () => {
    // A RateLimit answer makes the client wait at least one refill interval: 5 s here.
    sandbox().control.injectFault({ kind: 'rate_limit', endpoint: INVENTORY });
    const controller = new AbortController();
    const sleeps: number[] = [];
    const hookCalls: RequestHookInfo[] = [];
    const waiting = client(MERCHANT, {
      bucket: { capacity: 100, refillMs: 5000 },
      clock: {
        now: () => Date.now(),
        sleep: (ms, signal) => {
          sleeps.push(ms);
          setTimeout(() => controller.abort(), 20);
          return systemClock.sleep(ms, signal);
        },
      },
      requestHook: (send, info) => {
        hookCalls.push(info);
        return send();
      },
    });
    const started = Date.now();
    const error = await rejectionOf(waiting.listInventory({}, { signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'aborted' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(5000);
    expect(hookCalls).toHaveLength(1);
    expect(sandbox().control.counters().requests[INVENTORY]).toBe(1);
  });
});
