import { DEMO_USERS, startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { CART, MERCHANT, WMS, call } from './sandbox-http';

const AUTH_ERROR = { success_code: false, error_code: 'Invalid', message: 'Invalid API User or API Key' };

describe('sandbox authentication', () => {
  let sandbox: SandboxServer;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  afterEach(() => sandbox.control.setStyles({ authFailureStyle: 'body200' }));

  it('exports the demo users, one per level', () => {
    expect(DEMO_USERS.map((u) => [u.apiUser, u.apiKey, u.level])).toEqual([
      ['demo-merchant', 'demo-merchant-key', 'merchant'],
      ['demo-cart', 'demo-cart-key', 'cart'],
      ['demo-wms', 'demo-wms-key', 'warehouse'],
    ]);
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
  });

  it('accepts HTTP Basic credentials (the integrator.io ping)', async () => {
    const res = await call(sandbox, '/v1/merchant/inventory?limit=1');
    expect(res.status).toBe(200);
    expect(res.body.success_code).toBe(true);
    expect(res.body.response).toHaveLength(1);
  });

  it('accepts the legacy api_user/api_key query parameters', async () => {
    const res = await call(sandbox, '/v1/merchant/inventory?limit=1', { queryAuth: true });
    expect(res.body.success_code).toBe(true);
  });

  it.each([
    ['a wrong key', { as: { apiUser: MERCHANT.apiUser, apiKey: 'nope' } }],
    ['an unknown user', { as: { apiUser: 'ghost', apiKey: 'demo-merchant-key' } }],
    ['no credentials', { as: null }],
    ['a wrong key in the query', { as: { apiUser: MERCHANT.apiUser, apiKey: 'nope' }, queryAuth: true }],
  ])('refuses %s with 200 + Invalid by default', async (_label, options) => {
    const res = await call(sandbox, '/v1/merchant/inventory', options);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.body).toEqual(AUTH_ERROR);
  });

  it('refuses with 401 + the same body in the status401 style', async () => {
    sandbox.control.setStyles({ authFailureStyle: 'status401' });
    const res = await call(sandbox, '/v1/merchant/inventory', { as: { apiUser: 'demo-merchant', apiKey: 'x' } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(AUTH_ERROR);
  });

  it('keeps levels apart: cart keys cannot call merchant routes; merchant keys may call cart routes by default', async () => {
    expect((await call(sandbox, '/v1/merchant/inventory', { as: CART })).body).toEqual(AUTH_ERROR);
    expect((await call(sandbox, '/v1/merchant/orders/list/any', { as: CART })).body).toEqual(AUTH_ERROR);
    expect((await call(sandbox, '/v1/cart/orders/list/any', { as: MERCHANT })).body.success_code).toBe(true);
    expect((await call(sandbox, '/v1/cart/orders/list/any', { as: CART })).body.success_code).toBe(true);
  });

  it('refuses merchant keys on cart routes when merchantKeysOnCartRoutes is false', async () => {
    const strict = await startSandbox({ merchantKeysOnCartRoutes: false });
    try {
      expect((await call(strict, '/v1/cart/orders/list/any', { as: MERCHANT })).body).toEqual(AUTH_ERROR);
      expect((await call(strict, '/v1/cart/orders/cartrover', { as: MERCHANT, body: { cust_ref: 'X' } })).body).toEqual(AUTH_ERROR);
      expect((await call(strict, '/v1/cart/orders/list/any', { as: CART })).body.success_code).toBe(true);
    } finally {
      await strict.close();
    }
  });

  it('lets warehouse keys call merchant and wms routes, but not cart routes', async () => {
    expect((await call(sandbox, '/v1/merchant/inventory?limit=1', { as: WMS })).body.success_code).toBe(true);
    expect((await call(sandbox, '/v1/wms/shipmethod/list', { as: WMS })).body.success_code).toBe(true);
    expect((await call(sandbox, '/v1/cart/orders/list/any', { as: WMS })).body).toEqual(AUTH_ERROR);
  });

  it('rotates a key: the old one stops working at once, the new one works', async () => {
    sandbox.control.addUser({ apiUser: 'rotating', apiKey: 'first-key', level: 'merchant' });
    expect((await call(sandbox, '/v1/merchant/inventory?limit=1', { as: { apiUser: 'rotating', apiKey: 'first-key' } })).body.success_code).toBe(true);
    const newKey = sandbox.control.rotateKey('rotating');
    expect(newKey).not.toBe('first-key');
    expect((await call(sandbox, '/v1/merchant/inventory?limit=1', { as: { apiUser: 'rotating', apiKey: 'first-key' } })).body).toEqual(AUTH_ERROR);
    expect((await call(sandbox, '/v1/merchant/inventory?limit=1', { as: { apiUser: 'rotating', apiKey: newKey } })).body.success_code).toBe(true);
    expect(() => sandbox.control.rotateKey('nobody')).toThrow(/unknown user nobody/);
    expect(() => sandbox.control.addUser({ apiUser: 'rotating', apiKey: 'k', level: 'cart' })).toThrow(/already exists/);
  });

  it('puts a uuid X-CartRover-Process-ID on every response, successes and errors alike', async () => {
    const responses = await Promise.all([
      call(sandbox, '/v1/merchant/inventory?limit=1'),
      call(sandbox, '/v1/merchant/inventory', { as: null }),
      call(sandbox, '/v1/merchant/orders/NOPE'),
      call(sandbox, '/v1/merchant/nothing-here'),
      call(sandbox, '/v1/merchant/inventory', { method: 'PUT', body: {} }),
      call(sandbox, '/v1/cart/orders/cartrover', { as: CART, rawBody: '{not json' }),
    ]);
    const ids = responses.map((r) => r.headers.get('x-cartrover-process-id'));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of responses) expect(r.headers.get('content-type')).toBe('application/json');
  });

  it('answers unknown routes and other methods with 404 + Invalid', async () => {
    const res = await call(sandbox, '/v1/merchant/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success_code: false, error_code: 'Invalid', message: 'Unknown API endpoint' });
    expect((await call(sandbox, '/v1/merchant/inventory', { method: 'PUT', body: {} })).status).toBe(404);
  });

  it('answers a malformed JSON body with Invalid', async () => {
    const res = await call(sandbox, '/v1/cart/orders/cartrover', { as: CART, rawBody: '{not json' });
    expect(res.body).toEqual({ success_code: false, error_code: 'Invalid', message: 'The request body is not valid JSON' });
  });

  it('never writes a key into its log', async () => {
    const lines: string[] = [];
    const logged = await startSandbox({ seed: false, log: (line) => lines.push(line) });
    try {
      await call(logged, '/v1/merchant/inventory', { queryAuth: true });
      await call(logged, '/v1/merchant/inventory');
    } finally {
      await logged.close();
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/v1\/merchant\/inventory -> 200 user=demo-merchant \d+ms$/);
    expect(lines.join('\n')).not.toContain('demo-merchant-key');
  });
});
