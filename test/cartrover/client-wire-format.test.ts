import { CartRoverClient, USER_AGENT } from '../../src/cartrover';
import { json, startRawServer } from './raw-server';
import { systemClock } from '../../src/contracts';

const CREDENTIALS = { apiUser: 'wire-user', apiKey: 'wire-key' };

describe('what goes on the wire', () => {
  it('sends Basic auth, the User-Agent, JSON bodies and %2B-encoded timestamps', async () => {
    const server = await startRawServer((request, res) =>
      request.method === 'POST'
        ? json(res, 200, { success_code: true, cust_ref: 'W1', order_number: 'W1' })
        : json(res, 200, { success_code: true, response: [] }, { 'X-CartRover-Process-ID': 'pid-wire' }),
    );
    try {
      const client = new CartRoverClient({ baseUrl: `${server.url}/`, credentials: async () => CREDENTIALS, pacer: false, clock: systemClock });
      await client.listOrders({ status: 'new', level: 'cart', fromDate: '2024-01-01T00:00:00+02:00', limit: 10, page: 1, includeAliases: true });
      await client.createOrder({ cust_ref: 'W1', items: [{ item: 'A', quantity: 1 }] });

      const [list, create] = server.seen;
      expect(list.method).toBe('GET');
      expect(list.url).toBe('/v1/cart/orders/list/new?from_date=2024-01-01T00%3A00%3A00%2B02%3A00&limit=10&page=1&include_aliases=Y');
      expect(list.headers.authorization).toBe(`Basic ${Buffer.from('wire-user:wire-key').toString('base64')}`);
      expect(list.headers['user-agent']).toBe(USER_AGENT);
      expect(list.headers.accept).toContain('application/json');
      expect(create.method).toBe('POST');
      expect(create.url).toBe('/v1/cart/orders/cartrover');
      expect(create.headers['content-type']).toContain('application/json');
      expect(JSON.parse(create.body)).toEqual({ cust_ref: 'W1', items: [{ item: 'A', quantity: 1 }] });
    } finally {
      await server.close();
    }
  });

  it('encodes path segments (cust_ref, sku)', async () => {
    const server = await startRawServer((_request, res) => json(res, 200, { success_code: true, response: { sku: 'x' } }));
    try {
      const client = new CartRoverClient({ baseUrl: server.url, credentials: () => CREDENTIALS, pacer: false, clock: systemClock });
      await client.getProduct('A/B C?');
      expect(server.seen[0].url).toBe('/v1/merchant/product/A%2FB%20C%3F');
    } finally {
      await server.close();
    }
  });

  it('accepts an update answer without response, and an empty-object list', async () => {
    const server = await startRawServer((request, res) =>
      json(res, 200, request.method === 'POST' ? { success_code: true } : { success_code: true, response: {} }),
    );
    try {
      const client = new CartRoverClient({ baseUrl: server.url, credentials: () => CREDENTIALS, pacer: false, clock: systemClock });
      await expect(client.updateOrder('X', { order_status: 'confirmed' })).resolves.toBeUndefined();
      await expect(client.listShipMethods()).resolves.toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('never follows a redirect (it could carry the credentials elsewhere)', async () => {
    const target = await startRawServer((_request, res) => json(res, 200, { success_code: true, response: [] }));
    const redirecting = await startRawServer((_request, res) => {
      res.writeHead(302, { Location: `${target.url}/v1/merchant/inventory` });
      res.end();
    });
    try {
      const client = new CartRoverClient({ baseUrl: redirecting.url, credentials: () => CREDENTIALS, pacer: false, clock: systemClock });
      await expect(client.ping()).rejects.toMatchObject({ kind: 'invalid_response', httpStatus: 302 });
      expect(target.seen).toHaveLength(0);
    } finally {
      await redirecting.close();
      await target.close();
    }
  });

  it('reports a 2xx answer of the wrong shape as invalid_response', async () => {
    const server = await startRawServer((_request, res) => json(res, 200, { success_code: true, response: 'oops' }));
    try {
      const client = new CartRoverClient({ baseUrl: server.url, credentials: () => CREDENTIALS, pacer: false, clock: systemClock });
      await expect(client.listInventory()).rejects.toMatchObject({ kind: 'invalid_response' });
      await expect(client.getProduct('A')).rejects.toMatchObject({ kind: 'invalid_response' });
    } finally {
      await server.close();
    }
  });
});
