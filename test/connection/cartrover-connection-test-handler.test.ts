import { createServer } from 'node:net';
import type { SandboxServer } from '../../sandbox/src';
import { startSandbox } from '../../sandbox/src';
import type { TestResult } from '../../src/contracts';
import { storedConnection } from '../forms/connection-fixtures';
import type { Harness } from './connection-test-harness';
import { createHarness } from './connection-test-harness';

const DEMO = { name: 'Demo', apiUser: 'demo-merchant', apiKey: 'demo-merchant-key' };
const AUTH_MESSAGE = 'CartRover rejected the API user or key: check the Merchant API keys in CartRover (Merchants → Merchant API Keys)';

function totalRequests(sandbox: SandboxServer): number {
  return Object.values(sandbox.control.counters().requests).reduce((sum, count) => sum + count, 0);
}

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

describe('CartRover connection test handler, against the sandbox', () => {
  let sandbox: SandboxServer;
  let harness: Harness;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: { orders: 0, skus: 3 } });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(async () => {
    sandbox.control.clearFaults();
    sandbox.control.setStyles({ authFailureStyle: 'body200', rateLimitStyle: 'body200' });
    sandbox.control.setLatency(0);
    sandbox.control.resetCounters();
    harness = await createHarness(sandbox.url, { requestMs: 400, acquireMs: 150 });
  });

  it('succeeds with Merchant keys, passing the process id and measuring latency', async () => {
    sandbox.control.setLatency(30);
    const result = await harness.handler.test({ values: DEMO });
    expect(result).toMatchObject({ ok: true, message: 'Connection to CartRover works (API user demo-merchant)' });
    expect(result.kind).toBeUndefined();
    expect(result.processId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.latencyMs).toBeGreaterThanOrEqual(25);
    expect(sandbox.control.counters().requests['GET /v1/merchant/inventory']).toBe(1);
  });

  it.each(['body200', 'status401'] as const)('reports a wrong key as auth (%s)', async (style) => {
    sandbox.control.setStyles({ authFailureStyle: style });
    const result = await harness.handler.test({ values: { ...DEMO, apiKey: 'wrong-key' } });
    expect(result).toMatchObject({ ok: false, kind: 'auth', message: AUTH_MESSAGE });
    expect(result.processId).toBeDefined();
  });

  it('reports a wrong user and a Cart-level key as auth', async () => {
    expect(await harness.handler.test({ values: { ...DEMO, apiUser: 'nobody' } })).toMatchObject({ kind: 'auth' });
    expect(await harness.handler.test({ values: { ...DEMO, apiUser: 'demo-cart', apiKey: 'demo-cart-key' } })).toMatchObject({ kind: 'auth' });
  });

  it('reports config errors before any network call', async () => {
    const result = await harness.handler.test({ values: { name: '', apiUser: 'demo-merchant', apiKey: '', concurrencyLevel: '30' } });
    expect(result).toEqual({
      ok: false,
      kind: 'config',
      message: 'Fix the highlighted fields: Enter a name for this connection; Enter the API key from CartRover; Concurrency level must be a whole number from 1 to 25',
      latencyMs: expect.any(Number),
      errors: {
        name: 'Enter a name for this connection',
        apiKey: 'Enter the API key from CartRover',
        concurrencyLevel: 'Concurrency level must be a whole number from 1 to 25',
      },
    });
    expect(totalRequests(sandbox)).toBe(0);
  });

  it('reports an unreachable host as network', async () => {
    harness.settings.set('CARTROVER_BASE_URL', `http://127.0.0.1:${await closedPort()}`);
    const result = await harness.handler.test({ values: DEMO });
    expect(result).toMatchObject({ ok: false, kind: 'network' });
    expect(result.message).toMatch(/^Could not reach CartRover \(ECONNREFUSED\): check the network connection/);
  });

  it('reports a reset connection as network', async () => {
    sandbox.control.injectFault({ kind: 'reset', count: 1 });
    expect(await harness.handler.test({ values: DEMO })).toMatchObject({ ok: false, kind: 'network' });
  });

  it('reports no answer in time as timeout', async () => {
    sandbox.control.injectFault({ kind: 'timeout', count: 1, hangMs: 1500 });
    const result = await harness.handler.test({ values: DEMO });
    expect(result).toMatchObject({ ok: false, kind: 'timeout', message: 'CartRover did not answer within 400 ms; try again in a moment' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(350);
  });

  it.each(['body200', 'status429'] as const)('reports the rate limit, saying when to retry (%s)', async (style) => {
    sandbox.control.setStyles({ rateLimitStyle: style });
    sandbox.control.injectFault({ kind: 'rate_limit', count: 1 });
    const result = await harness.handler.test({ values: DEMO });
    expect(result).toMatchObject({ ok: false, kind: 'rate_limit' });
    expect(result.message).toMatch(/^CartRover's rate limit for API user demo-merchant is exhausted; retry in /);
  });

  it('reports a CartRover server error with its message and process id', async () => {
    sandbox.control.injectFault({ kind: 'http500', count: 1 });
    const result = await harness.handler.test({ values: DEMO });
    expect(result).toMatchObject({ ok: false, kind: 'server' });
    expect(result.message).toMatch(/^CartRover reported an error \(HTTP 500\): .+ \(CartRover process id [0-9a-f-]{36}\)$/);
    expect(result.message).toContain(result.processId);
  });

  it('reports an unexpected (HTML) answer as server', async () => {
    sandbox.control.injectFault({ kind: 'html502', count: 1 });
    const result = await harness.handler.test({ values: DEMO });
    expect(result).toMatchObject({ ok: false, kind: 'server' });
    expect(result.message).toMatch(/^CartRover answered with an unexpected response \(HTTP 502\): .+ \(CartRover process id [0-9a-f-]{36}\)$/);
  });

  it('answers busy, naming the pool, instead of queueing behind a saturated pool', async () => {
    const lender = storedConnection('lender', { name: 'Main account', apiUser: 'demo-merchant', concurrencyLevel: 1 });
    harness.directory.put(lender, 'demo-merchant-key');
    await harness.pools.configure('lender', 1);
    await harness.pools.bind('lender', 'lender');
    const held = await harness.pools.acquire('lender');
    try {
      const started = Date.now();
      const result = await harness.handler.test({ values: { ...DEMO, name: 'Borrower', borrowConcurrencyFrom: 'lender' } });
      expect(result).toMatchObject({ ok: false, kind: 'busy', message: 'Concurrency pool Main account is busy; try again shortly' });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(totalRequests(sandbox)).toBe(0);
      // Testing the lender itself by id waits for the same pool.
      expect(await harness.handler.test({ connectionId: 'lender', values: { ...lender.values, apiKey: 'demo-merchant-key' } })).toMatchObject({ kind: 'busy' });
    } finally {
      held.release();
    }
    // Once the permit is back, the same test passes (the host resolved the stored key: it is in clear).
    expect(await harness.handler.test({ connectionId: 'lender', values: { ...lender.values, apiKey: 'demo-merchant-key' } })).toMatchObject({ ok: true });
    // An omitted key means "the stored one", which the host decrypts and passes: the plugin never looks it up itself.
    const before = totalRequests(sandbox);
    expect(await harness.handler.test({ connectionId: 'lender', values: { ...lender.values } })).toMatchObject({
      ok: false,
      kind: 'config',
      errors: { apiKey: expect.stringMatching(/^Enter the API key/) },
    });
    expect(totalRequests(sandbox)).toBe(before);
  });

  it('runs a test of a brand-new connection without a pool', async () => {
    const result: TestResult = await harness.handler.test({ values: { ...DEMO, name: 'Fresh' } });
    expect(result.ok).toBe(true);
  });
});
