import { startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { ManualClock } from './manual-clock';
import { CART, MERCHANT, call, createOrder, newOrder } from './sandbox-http';

const RATE_LIMITED = { success_code: false, error_code: 'RateLimit', message: 'Over API Limit. Please slow down requests.' };

describe('sandbox leaky bucket', () => {
  let sandbox: SandboxServer;
  afterEach(() => sandbox?.close());

  it('counts down X-CartRover-Api-Minute-Hits-Remaining, then answers RateLimit with 200 by default', async () => {
    // A slow refill keeps this deterministic: no token comes back during the test.
    sandbox = await startSandbox({ seed: false, bucket: { capacity: 5, refillMs: 60000 } });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await call(sandbox, '/v1/merchant/inventory');
      expect(res.body.success_code).toBe(true);
      remaining.push(res.headers.get('x-cartrover-api-minute-hits-remaining'));
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const limited = await call(sandbox, '/v1/merchant/inventory');
    expect(limited.status).toBe(200);
    expect(limited.body).toEqual(RATE_LIMITED);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.headers.get('x-cartrover-api-minute-hits-remaining')).toBe('0');
    expect(sandbox.control.counters().rateLimited).toBe(1);
    // Buckets are per API user: the cart user still has its own.
    expect((await call(sandbox, '/v1/cart/orders/list/any', { as: CART })).body.success_code).toBe(true);
  });

  it('answers 429 with Retry-After (seconds until one token, rounded up) in the status429 style', async () => {
    sandbox = await startSandbox({ seed: false, bucket: { capacity: 2, refillMs: 60000 }, rateLimitStyle: 'status429' });
    await call(sandbox, '/v1/merchant/inventory');
    await call(sandbox, '/v1/merchant/inventory');
    const limited = await call(sandbox, '/v1/merchant/inventory');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual(RATE_LIMITED);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('refills one call per refillMs, with Retry-After at least 1 second', async () => {
    const clock = new ManualClock();
    sandbox = await startSandbox({ seed: false, bucket: { capacity: 5, refillMs: 50 }, rateLimitStyle: 'status429', clock });
    const burst = await Promise.all(Array.from({ length: 12 }, () => call(sandbox, '/v1/merchant/inventory')));
    const limited = burst.filter((r) => r.status === 429);
    expect(burst.filter((r) => r.body.success_code === true).length).toBeGreaterThanOrEqual(5);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) expect(r.headers.get('retry-after')).toBe('1');
    clock.advance(250); // refills the whole bucket: 5 x 50 ms
    const after = await Promise.all(Array.from({ length: 5 }, () => call(sandbox, '/v1/merchant/inventory')));
    expect(after.every((r) => r.body.success_code === true)).toBe(true);
  });

  it('exempts create-order from the bucket', async () => {
    sandbox = await startSandbox({ seed: false, bucket: { capacity: 1, refillMs: 60000 } });
    expect((await call(sandbox, '/v1/cart/orders/list/any', { as: CART })).body.success_code).toBe(true);
    expect((await call(sandbox, '/v1/cart/orders/list/any', { as: CART })).body).toEqual(RATE_LIMITED);
    for (let i = 0; i < 5; i += 1) {
      const res = await createOrder(sandbox, newOrder(`RL-${i}`));
      expect(res.body).toEqual({ success_code: true, cust_ref: `RL-${i}`, order_number: `RL-${i}` });
    }
  });

  it('does not charge the bucket for refused credentials; setBucket refills everyone', async () => {
    sandbox = await startSandbox({ seed: false, bucket: { capacity: 2, refillMs: 60000 } });
    for (let i = 0; i < 5; i += 1) await call(sandbox, '/v1/merchant/inventory', { as: { apiUser: MERCHANT.apiUser, apiKey: 'wrong' } });
    await call(sandbox, '/v1/merchant/inventory');
    await call(sandbox, '/v1/merchant/inventory');
    expect((await call(sandbox, '/v1/merchant/inventory')).body).toEqual(RATE_LIMITED);
    sandbox.control.setBucket({ capacity: 3, refillMs: 60000 });
    expect((await call(sandbox, '/v1/merchant/inventory')).headers.get('x-cartrover-api-minute-hits-remaining')).toBe('2');
  });
});
