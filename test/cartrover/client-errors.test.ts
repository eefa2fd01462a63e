import net from 'node:net';
import { CartRoverClient, CartRoverError } from '../../src/cartrover';
import { CART, MERCHANT, rejectionOf, useSandbox } from './sandbox-fixture';
import { systemClock } from '../../src/contracts';

const { sandbox, client } = useSandbox();
const WRONG = { apiUser: 'demo-merchant', apiKey: 'not-the-key' };

describe.each(['body200', 'status401'] as const)('auth failures (%s)', (style) => {
  beforeEach(() => sandbox().control.setStyles({ authFailureStyle: style }));
  afterEach(() => sandbox().control.setStyles({ authFailureStyle: 'body200' }));

  it('ping with a wrong key is an auth error carrying the process id', async () => {
    const error = await rejectionOf(client(WRONG).ping());
    expect(error).toBeInstanceOf(CartRoverError);
    expect(error).toMatchObject({ kind: 'auth', errorCode: 'Invalid', httpStatus: style === 'status401' ? 401 : 200 });
    expect(error.message).toBe('Invalid API User or API Key');
    expect(typeof error.processId).toBe('string');
    expect(typeof error.latencyMs).toBe('number');
  });

  it('any read with a wrong key is an auth error too, and is not retried', async () => {
    const error = await rejectionOf(client(WRONG).listInventory({ limit: 1 }));
    expect(error).toMatchObject({ kind: 'auth', attempts: 1 });
    expect(sandbox().control.counters().requests['GET /v1/merchant/inventory']).toBe(1);
  });
});

describe('successful ping', () => {
  it('returns the process id and latency', async () => {
    const result = await client(MERCHANT).ping();
    expect(result.processId).toMatch(/[0-9a-f-]{36}/);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('with cart keys is refused as auth (the sandbox treats other levels as bad keys)', async () => {
    await expect(client(CART).ping()).rejects.toMatchObject({ kind: 'auth' });
  });
});

describe.each(['body200', 'status404'] as const)('not found (%s)', (style) => {
  beforeEach(() => sandbox().control.setStyles({ notFoundStyle: style }));
  afterEach(() => sandbox().control.setStyles({ notFoundStyle: 'body200' }));

  it('an unknown order is not_found, without retries', async () => {
    const error = await rejectionOf(client(MERCHANT).getOrder('NO-SUCH-ORDER', { level: 'merchant' }));
    expect(error).toMatchObject({ kind: 'not_found', httpStatus: style === 'status404' ? 404 : 200, attempts: 1 });
    expect(error.message).toContain('NO-SUCH-ORDER');
  });

  it('an unknown SKU is not_found for inventory and product', async () => {
    await expect(client(MERCHANT).getInventory('NOPE')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(client(MERCHANT).getProduct('NOPE')).rejects.toMatchObject({ kind: 'not_found' });
  });
});

describe.each(['body200', 'status429'] as const)('rate limit (%s)', (style) => {
  beforeEach(() => sandbox().control.setStyles({ rateLimitStyle: style }));
  afterEach(() => sandbox().control.setStyles({ rateLimitStyle: 'body200' }));

  it('the ping reports rate_limit without retrying', async () => {
    sandbox().control.injectFault({ kind: 'rate_limit', count: 1 });
    const error = await rejectionOf(client(MERCHANT).ping());
    expect(error).toMatchObject({ kind: 'rate_limit', errorCode: 'RateLimit', httpStatus: style === 'status429' ? 429 : 200 });
    if (style === 'status429') expect(error.retryAfterMs).toBe(1000);
    expect(sandbox().control.counters().rateLimited).toBe(1);
  });
});

describe('server errors', () => {
  it.each([
    ['http500', 500],
    ['http503', 503],
    ['html502', 502],
  ] as const)('%s is a server error with a clear message', async (kind, status) => {
    sandbox().control.injectFault({ kind, count: 1 });
    const error = await rejectionOf(client(MERCHANT).ping());
    expect(error).toMatchObject({ kind: 'server', httpStatus: status });
    if (kind === 'html502') expect(error.message).toBe('CartRover answered HTTP 502 with an HTML page instead of JSON.');
  });
});

describe('transport failures', () => {
  it('a closed port on 127.0.0.1 is a network error (ECONNREFUSED)', async () => {
    const port = await closedPort();
    const refused = new CartRoverClient({ baseUrl: `http://127.0.0.1:${port}`, credentials: () => MERCHANT, pacer: false, clock: systemClock });
    const error = await rejectionOf(refused.ping());
    expect(error).toMatchObject({ kind: 'network', networkCode: 'ECONNREFUSED' });
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('a reset connection is a network error', async () => {
    sandbox().control.injectFault({ kind: 'reset', count: 1 });
    await expect(client(MERCHANT).ping()).rejects.toMatchObject({ kind: 'network', networkCode: 'ECONNRESET' });
  });

  it('a server that never answers is a timeout (fault)', async () => {
    sandbox().control.injectFault({ kind: 'timeout', count: 1, hangMs: 5000 });
    const error = await rejectionOf(client(MERCHANT).ping({ timeoutMs: 150 }));
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(error.message).toContain('150 ms');
  });

  it('a slow server is a timeout (latency, client timeout option)', async () => {
    sandbox().control.setLatency(1000);
    const slow = client(MERCHANT, { timeoutMs: 100 });
    await expect(slow.ping()).rejects.toMatchObject({ kind: 'timeout' });
  });
});

describe('conflict and rejected data', () => {
  it('an update the server refuses is rejected, not retried', async () => {
    const error = await rejectionOf(client(CART).updateOrder('NO-SUCH', { order_status: 'bogus' }));
    expect(['rejected', 'not_found']).toContain(error.kind);
  });

  it('a duplicate create is reported as exists, not thrown (conflict is handled)', async () => {
    const cart = client(CART);
    const order = { cust_ref: `DUP-${Date.now()}`, ship_address_1: '1 Main St', ship_city: 'Town', items: [{ item: 'CIO-1001', quantity: 1 }] };
    await expect(cart.createOrder(order)).resolves.toMatchObject({ outcome: 'created', custRef: order.cust_ref });
    await expect(cart.createOrder(order)).resolves.toEqual({ outcome: 'exists', custRef: order.cust_ref });
    expect(sandbox().control.counters().ordersCreated[order.cust_ref]).toBe(1);
  });
});

describe('config errors before any request', () => {
  it('rejects bad base URLs and missing credentials', async () => {
    expect(() => new CartRoverClient({ baseUrl: 'ftp://x', credentials: () => MERCHANT, clock: systemClock })).toThrow(CartRoverError);
    expect(() => new CartRoverClient({ baseUrl: 'http://user:pw@host', credentials: () => MERCHANT, clock: systemClock })).toThrow(/must not contain credentials/);
    const noKey = client({ apiUser: 'demo-merchant', apiKey: '' });
    await expect(noKey.ping()).rejects.toMatchObject({ kind: 'config' });
    await expect(client(MERCHANT).listInventory({ limit: 250 })).rejects.toMatchObject({ kind: 'config' });
    await expect(client(CART).createOrder({ cust_ref: ' ' })).rejects.toMatchObject({ kind: 'config' });
    expect(sandbox().control.counters().requests).toEqual({});
  });

  it('a failing credentials callback is a config error that does not quote it', async () => {
    const failing = client(MERCHANT, {
      credentials: () => {
        throw new Error('cannot decrypt s3cr3t');
      },
    });
    const error = await rejectionOf(failing.ping());
    expect(error).toMatchObject({ kind: 'config' });
    expect(error.message).not.toContain('s3cr3t');
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
