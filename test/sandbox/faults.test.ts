import { startSandbox } from '../../sandbox/src';
import type { FaultSpec, SandboxServer } from '../../sandbox/src';
import { CART, call, createOrder, newOrder } from './sandbox-http';

const INVENTORY = 'GET /v1/merchant/inventory';
const CREATE = 'POST /v1/cart/orders/cartrover';

/** What a client sees for one call: a status and its body kind, or a network failure. */
async function outcome(sandbox: SandboxServer, path = '/v1/merchant/inventory?limit=1'): Promise<string> {
  try {
    const res = await call(sandbox, path);
    if (res.headers.get('content-type') === 'text/html') return `${res.status} html`;
    return `${res.status} ${res.body.success_code === true ? 'ok' : res.body.error_code}`;
  } catch {
    return 'network error';
  }
}

describe('sandbox fault injection', () => {
  let sandbox: SandboxServer;
  beforeEach(async () => {
    sandbox = await startSandbox({ seed: { orders: 0, skus: 5 } });
  });
  afterEach(() => sandbox.close());

  it.each<[FaultSpec['kind'], string]>([
    ['http500', '500 Failure'],
    ['http503', '503 Failure'],
    ['html502', '502 html'],
    ['rate_limit', '200 RateLimit'],
    ['reset', 'network error'],
    ['timeout', 'network error'],
  ])('%s by count: the next N matching requests fail, then normal service', async (kind, expected) => {
    sandbox.control.injectFault({ kind, count: 2, hangMs: 100 });
    expect([await outcome(sandbox), await outcome(sandbox), await outcome(sandbox)]).toEqual([expected, expected, '200 ok']);
    // The client did not silently retry: exactly three requests arrived.
    expect(sandbox.control.counters().requests[INVENTORY]).toBe(3);
  });

  it.each<FaultSpec['kind']>(['http500', 'http503', 'html502', 'rate_limit', 'reset', 'timeout'])('%s by rate: 1 always fires, 0 never', async (kind) => {
    sandbox.control.injectFault({ kind, rate: 0, hangMs: 50 });
    expect([await outcome(sandbox), await outcome(sandbox)]).toEqual(['200 ok', '200 ok']);
    sandbox.control.clearFaults();
    sandbox.control.injectFault({ kind, rate: 1, hangMs: 50 });
    const results = [await outcome(sandbox), await outcome(sandbox), await outcome(sandbox)];
    expect(results.every((r) => r !== '200 ok')).toBe(true);
    sandbox.control.clearFaults();
    expect(await outcome(sandbox)).toBe('200 ok');
  });

  it('a fractional rate fails some requests and passes others', async () => {
    sandbox.control.injectFault({ kind: 'http503', rate: 0.5 });
    const results = await Promise.all(Array.from({ length: 60 }, () => outcome(sandbox)));
    // P(all 60 equal) = 2^-59: this does not flake.
    expect(results.filter((r) => r === '503 Failure').length).toBeGreaterThan(0);
    expect(results.filter((r) => r === '200 ok').length).toBeGreaterThan(0);
  });

  it('matches only the given endpoint', async () => {
    sandbox.control.injectFault({ kind: 'http500', endpoint: 'GET /v1/merchant/orders/list/{status}' });
    expect(await outcome(sandbox)).toBe('200 ok');
    expect(await outcome(sandbox, '/v1/merchant/orders/list/any')).toBe('500 Failure');
    expect(await outcome(sandbox, '/v1/merchant/orders/list/new')).toBe('500 Failure');
  });

  it('html502 answers an HTML body, still with a process id', async () => {
    sandbox.control.injectFault({ kind: 'html502', count: 1 });
    const res = await call(sandbox, '/v1/merchant/inventory');
    expect(res.status).toBe(502);
    expect(res.text).toContain('502 Bad Gateway');
    expect(res.headers.get('x-cartrover-process-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rate_limit follows the rateLimitStyle and counts as rate limited', async () => {
    sandbox.control.setStyles({ rateLimitStyle: 'status429' });
    sandbox.control.injectFault({ kind: 'rate_limit', count: 1 });
    const res = await call(sandbox, '/v1/merchant/inventory');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body.error_code).toBe('RateLimit');
    expect(sandbox.control.counters().rateLimited).toBe(1);
  });

  it('a fault before handling does not create the order', async () => {
    sandbox.control.injectFault({ kind: 'http500', endpoint: CREATE, count: 1 });
    expect((await createOrder(sandbox, newOrder('F-1'))).status).toBe(500);
    expect(sandbox.control.orders()).toHaveLength(0);
    expect(sandbox.control.counters().createAttempts['F-1']).toBe(1);
    expect(sandbox.control.counters().ordersCreated['F-1']).toBeUndefined();
  });

  it.each<FaultSpec['kind']>(['http500', 'reset', 'timeout', 'html502'])('afterHandling %s: the order IS created, the answer is lost', async (kind) => {
    sandbox.control.injectFault({ kind, endpoint: CREATE, count: 1, afterHandling: true, hangMs: 50 });
    const first = await createOrder(sandbox, newOrder('F-2')).catch(() => undefined);
    expect(first?.body?.success_code).not.toBe(true);
    expect(sandbox.control.orders().map((o) => o.cust_ref)).toEqual(['F-2']);
    // A careful client retries, sees the duplicate and reads the order back.
    expect((await createOrder(sandbox, newOrder('F-2'))).body).toEqual({ success_code: false, error_code: 'Failure', message: 'OrderDuplicate' });
    expect((await call(sandbox, '/v1/cart/orders/F-2', { as: CART })).body.response.cust_ref).toBe('F-2');
    const counters = sandbox.control.counters();
    expect(counters.createAttempts['F-2']).toBe(2);
    expect(counters.ordersCreated['F-2']).toBe(1);
  });

  it('rejects invalid fault specs with a clear error', () => {
    expect(() => sandbox.control.injectFault({ kind: 'meteor' as never })).toThrow(/unknown kind "meteor"/);
    expect(() => sandbox.control.injectFault({ kind: 'http500', rate: 2 })).toThrow(/rate must be between 0 and 1/);
    expect(() => sandbox.control.injectFault({ kind: 'http500', count: 0 })).toThrow(/count must be an integer >= 1/);
    expect(() => sandbox.control.injectFault({ kind: 'http500', endpoint: 'GET /v1/nowhere' })).toThrow(/unknown endpoint/);
    expect(() => sandbox.control.injectFault({ kind: 'timeout', hangMs: -1 })).toThrow(/hangMs/);
  });
});
