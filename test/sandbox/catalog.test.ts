import { startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { CART, WMS, call } from './sandbox-http';

type Row = Record<string, unknown>;

describe('sandbox inventory, products and ship methods', () => {
  let sandbox: SandboxServer;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('pages the inventory (about 250 SKUs: several pages of 100), sorted by SKU, [] past the end', async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => call(sandbox, `/v1/merchant/inventory?limit=100&page=${page}`)));
    expect(pages.map((p) => p.body.response.length)).toEqual([100, 100, 50, 0]);
    const skus = pages.flatMap((p) => p.body.response.map((r: Row) => r.sku));
    expect([...skus].sort()).toEqual(skus);
    expect(new Set(skus).size).toBe(250);
    expect((await call(sandbox, '/v1/merchant/inventory')).body.response).toHaveLength(20);
    expect((await call(sandbox, '/v1/merchant/inventory?limit=250')).body).toMatchObject({ success_code: false, error_code: 'Invalid' });
  });

  it('lists inventory with numbers, aliases [] or a map, warehouses keyed by id string', async () => {
    const rows: Row[] = (await call(sandbox, '/v1/merchant/inventory?limit=12')).body.response;
    for (const row of rows) {
      expect(typeof row.qty_available).toBe('number');
      expect(typeof row.qty_on_hand).toBe('number');
      expect(row.wms_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
      expect(Object.keys(row.warehouses as object).length).toBeGreaterThan(0);
      for (const [id, stock] of Object.entries(row.warehouses as Record<string, Row>)) {
        expect(id).toMatch(/^\d+$/);
        expect(typeof stock.qty_available).toBe('number');
      }
    }
    expect(rows.some((r) => Array.isArray(r.aliases) && (r.aliases as unknown[]).length === 0)).toBe(true);
    expect(rows.some((r) => !Array.isArray(r.aliases) && typeof (r.aliases as Row).UPC === 'string')).toBe(true);
  });

  it('shows one SKU with string quantities', async () => {
    const res = await call(sandbox, '/v1/merchant/inventory/CIO-1001');
    expect(res.body.success_code).toBe(true);
    const detail = res.body.response;
    expect(detail.sku).toBe('CIO-1001');
    expect(typeof detail.qty_available).toBe('string');
    expect(typeof detail.qty_on_hand).toBe('string');
    expect(typeof (Object.values(detail.warehouses)[0] as Row).qty_available).toBe('string');
    const listed = (await call(sandbox, '/v1/merchant/inventory?limit=1')).body.response[0];
    expect(Number(detail.qty_available)).toBe(listed.qty_available);
  });

  it('shows product info with a non-ISO last_updated_datetime and aliases as a list', async () => {
    const res = await call(sandbox, '/v1/merchant/product/CIO-1002');
    const product = res.body.response;
    expect(product).toMatchObject({ sku: 'CIO-1002', wms_product_main_id: null });
    expect(product.last_updated_datetime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(typeof product.retail_price).toBe('number');
    expect(Array.isArray(product.aliases)).toBe(true);
    expect(product.aliases[0]).toEqual({ code_type: 'UPC', code: expect.any(String) });
  });

  it('answers unknown SKUs per notFoundStyle', async () => {
    expect((await call(sandbox, '/v1/merchant/inventory/NOPE')).body).toEqual({ success_code: false, error_code: 'Invalid', message: 'SKU not found: NOPE' });
    sandbox.control.setStyles({ notFoundStyle: 'status404' });
    try {
      expect((await call(sandbox, '/v1/merchant/product/NOPE')).status).toBe(404);
    } finally {
      sandbox.control.setStyles({ notFoundStyle: 'body200' });
    }
  });

  it('lists WMS ship methods and a cart source mapping', async () => {
    const wms = await call(sandbox, '/v1/wms/shipmethod/list');
    expect(wms.body.response).toEqual(expect.arrayContaining([{ carrier: 'FEDEX', code: '50', description: 'FedEx Ground' }]));
    expect((await call(sandbox, '/v1/wms/shipmethod/list', { as: WMS })).body.success_code).toBe(true);
    const cart = await call(sandbox, '/v1/cart/shipmethod/list/APIAccess1', { as: CART });
    expect(cart.body.response).toEqual(expect.arrayContaining([expect.objectContaining({ cart_code: 'Express', wms_code: '20' }), expect.objectContaining({ wms_code: null })]));
  });

  it('starts empty with seed: false and sized with seed: { orders, skus }', async () => {
    const empty = await startSandbox({ seed: false });
    const small = await startSandbox({ seed: { orders: 3, skus: 5 } });
    try {
      expect((await call(empty, '/v1/merchant/inventory?limit=1')).body).toEqual({ success_code: true, response: [] });
      expect(empty.control.orders()).toHaveLength(0);
      expect((await call(small, '/v1/merchant/inventory?limit=100')).body.response).toHaveLength(5);
      expect(small.control.orders()).toHaveLength(3);
    } finally {
      await Promise.all([empty.close(), small.close()]);
    }
  });
});
