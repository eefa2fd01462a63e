import { startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { waitFor } from '../support/wait-for';
import { CART, MERCHANT, call } from './sandbox-http';

const OTHER = { apiUser: 'other-merchant', apiKey: 'other-key' };

describe('sandbox in-flight counters', () => {
  let sandbox: SandboxServer;
  beforeEach(async () => {
    // Long enough that every request of a Promise.all overlaps the others even on a loaded machine.
    sandbox = await startSandbox({ seed: { orders: 0, skus: 3 }, latency: 400 });
    sandbox.control.addUser({ ...OTHER, level: 'merchant' });
  });
  afterEach(() => sandbox.close());

  const inventory = (as = MERCHANT) => call(sandbox, '/v1/merchant/inventory?limit=1', { as });

  it('counts 7 concurrent slow requests as max 7 in flight, and 0 once they finish', async () => {
    const results = await Promise.all(Array.from({ length: 7 }, () => inventory()));
    expect(results.every((r) => r.body.success_code === true)).toBe(true);
    const counters = sandbox.control.counters();
    expect(counters.maxInFlight['demo-merchant']).toBe(7);
    expect(counters.maxInFlightTotal).toBe(7);
    expect(counters.inFlight['demo-merchant']).toBe(0);
    expect(counters.requests['GET /v1/merchant/inventory']).toBe(7);
  });

  it('counts sequential requests as max 1', async () => {
    for (let i = 0; i < 3; i += 1) await inventory();
    expect(sandbox.control.counters().maxInFlight['demo-merchant']).toBe(1);
  });

  it('tracks users, groups and the total separately', async () => {
    sandbox.control.defineGroup('shared-pool', ['demo-merchant', OTHER.apiUser]);
    sandbox.control.defineGroup('cart-only', ['demo-cart']);
    await Promise.all([
      ...Array.from({ length: 3 }, () => inventory()),
      ...Array.from({ length: 4 }, () => inventory(OTHER)),
      ...Array.from({ length: 2 }, () => call(sandbox, '/v1/cart/orders/list/any', { as: CART })),
    ]);
    const counters = sandbox.control.counters();
    expect(counters.maxInFlight).toEqual({ 'demo-merchant': 3, 'other-merchant': 4, 'demo-cart': 2 });
    expect(counters.groupMaxInFlight).toEqual({ 'shared-pool': 7, 'cart-only': 2 });
    expect(counters.maxInFlightTotal).toBe(9);
  });

  it('counts requests without valid credentials under (anonymous)', async () => {
    await Promise.all(Array.from({ length: 3 }, () => call(sandbox, '/v1/merchant/inventory', { as: null })));
    await call(sandbox, '/v1/merchant/inventory', { as: { apiUser: 'demo-merchant', apiKey: 'bad' } });
    expect(sandbox.control.counters().maxInFlight['(anonymous)']).toBe(3);
    expect(sandbox.control.counters().maxInFlight['demo-merchant']).toBeUndefined();
  });

  it('releases a request exactly once when the client aborts it mid-flight', async () => {
    sandbox.control.setLatency(5000);
    const controller = new AbortController();
    const pending = call(sandbox, '/v1/merchant/inventory', { signal: controller.signal }).then(() => 'answered', () => 'aborted');
    await waitFor(() => sandbox.control.counters().inFlight['demo-merchant'] === 1, 'demo-merchant in flight = 1');
    controller.abort();
    expect(await pending).toBe('aborted');
    await waitFor(() => sandbox.control.counters().inFlight['demo-merchant'] === 0, 'demo-merchant in flight = 0');
    sandbox.control.setLatency(0);
    await inventory();
    await waitFor(() => sandbox.control.counters().inFlight['demo-merchant'] === 0, 'demo-merchant in flight = 0');
    expect(sandbox.control.counters().maxInFlight['demo-merchant']).toBe(1);
  });

  it('counts a hanging timeout fault as in flight until it ends', async () => {
    sandbox.control.setLatency(0);
    sandbox.control.injectFault({ kind: 'timeout', count: 2, hangMs: 300 });
    const hanging = Promise.all([inventory().catch(() => 'failed'), inventory().catch(() => 'failed')]);
    await waitFor(() => sandbox.control.counters().inFlight['demo-merchant'] === 2, 'demo-merchant in flight = 2');
    expect(await hanging).toEqual(['failed', 'failed']);
    await waitFor(() => sandbox.control.counters().inFlight['demo-merchant'] === 0, 'demo-merchant in flight = 0');
  });

  it('applies a latency range per request', async () => {
    sandbox.control.setLatency({ minMs: 60, maxMs: 120 });
    const started = Date.now();
    await inventory();
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('resetCounters restarts the counts and maxima from what is in flight now', async () => {
    await Promise.all(Array.from({ length: 3 }, () => inventory()));
    sandbox.control.resetCounters();
    const counters = sandbox.control.counters();
    expect(counters.requests).toEqual({});
    expect(counters.maxInFlight['demo-merchant']).toBe(0);
    expect(counters.maxInFlightTotal).toBe(0);
    expect(counters.rateLimited).toBe(0);
    await inventory();
    expect(sandbox.control.counters().maxInFlight['demo-merchant']).toBe(1);
  });

  it('returns counter snapshots that the caller cannot change', () => {
    const snapshot = sandbox.control.counters();
    snapshot.requests['x'] = 99;
    expect(sandbox.control.counters().requests['x']).toBeUndefined();
  });
});

describe('sandbox close()', () => {
  it('ends hanging requests and keep-alive sockets at once', async () => {
    const sandbox = await startSandbox({ seed: false });
    await call(sandbox, '/v1/merchant/inventory'); // leaves an idle keep-alive socket
    sandbox.control.injectFault({ kind: 'timeout' }); // default hang: 60 s
    sandbox.control.setLatency(0);
    const hanging = Array.from({ length: 3 }, () => call(sandbox, '/v1/merchant/inventory').then(() => 'answered', () => 'failed'));
    await waitFor(() => sandbox.control.counters().inFlight['demo-merchant'] === 3, 'demo-merchant in flight = 3');
    const started = Date.now();
    await sandbox.close();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await Promise.all(hanging)).toEqual(['failed', 'failed', 'failed']);
    await expect(fetch(`${sandbox.url}/v1/merchant/inventory`)).rejects.toThrow();
    await sandbox.close(); // idempotent
  });

  it('ends requests waiting out their latency', async () => {
    const sandbox = await startSandbox({ seed: false, latency: 60000 });
    const pending = call(sandbox, '/v1/merchant/inventory').then(() => 'answered', () => 'failed');
    await waitFor(() => sandbox.control.counters().inFlight['demo-merchant'] === 1, 'demo-merchant in flight = 1');
    await sandbox.close();
    expect(await pending).toBe('failed');
  });
});
