import { InventoryExportOperation, ProductsExportOperation } from '../../src/operations';
import type { SandboxServer } from '../../sandbox/src';
import { startSandbox } from '../../sandbox/src';
import { MERCHANT, TestConnections, exportContext, readAll } from './operations-fixture';

const INVENTORY_ROUTE = 'GET /v1/merchant/inventory';
const PRODUCT_ROUTE = 'GET /v1/merchant/product/{sku}';

describe('inventory and products exports against the sandbox', () => {
  let sandbox: SandboxServer;
  let inventory: InventoryExportOperation;
  let products: ProductsExportOperation;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: { orders: 0, skus: 230 }, bucket: { capacity: 1000, refillMs: 1 } });
    const connections = new TestConnections(sandbox, { bucket: { capacity: 1000, refillMs: 1 } });
    await connections.add('merchant', MERCHANT);
    inventory = new InventoryExportOperation(connections.factory);
    products = new ProductsExportOperation(connections.factory);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.control.resetCounters());

  it('exports every SKU page by page and stops at the short page', async () => {
    const records = await readAll(inventory, exportContext('merchant', { pagesInFlight: 1 }));
    expect(records).toHaveLength(230);
    expect(new Set(records.map((item) => item.sku)).size).toBe(230);
    expect(sandbox.control.counters().requests[INVENTORY_ROUTE]).toBe(3); // 100 + 100 + 30
  });

  it('flattens one record per SKU and warehouse', async () => {
    const bySku = await readAll(inventory, exportContext('merchant', { pageSize: 50, pagesInFlight: 1 }));
    expect(sandbox.control.counters().requests[INVENTORY_ROUTE]).toBe(5); // 4 full pages + 30
    const expected = bySku.flatMap((item) =>
      Object.entries(item.warehouses as Record<string, Record<string, unknown>>).map(([id, stock]) => ({
        sku: item.sku,
        warehouse_id: id,
        warehouse: stock.warehouse,
        qty_available: stock.qty_available,
      })),
    );
    expect(expected.length).toBeGreaterThan(230); // some SKUs sit in two warehouses

    const flat = await readAll(inventory, exportContext('merchant', { perWarehouse: true }));
    expect(flat.map(({ sku, warehouse_id, warehouse, qty_available }) => ({ sku, warehouse_id, warehouse, qty_available }))).toEqual(expected);
    expect(flat.every((row) => !('warehouses' in row))).toBe(true);
  });

  it('exports the listed products, one request each', async () => {
    const records = await readAll(products, exportContext('merchant', { skus: ['CIO-1001', 'CIO-1007'] }));
    expect(records.map((product) => product.sku)).toEqual(['CIO-1001', 'CIO-1007']);
    expect(records[0]).toHaveProperty('last_updated_datetime');
    expect(sandbox.control.counters().requests[PRODUCT_ROUTE]).toBe(2);
  });

  it('fails on a listed SKU CartRover does not know (a typo must be seen)', async () => {
    await expect(readAll(products, exportContext('merchant', { skus: ['CIO-1001', 'NOPE-1'] }))).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('exports the product of every SKU in the inventory when none are listed', async () => {
    const records = await readAll(products, exportContext('merchant', {}));
    expect(records).toHaveLength(230);
    expect(sandbox.control.counters().requests[PRODUCT_ROUTE]).toBe(230);
    expect(sandbox.control.counters().requests[INVENTORY_ROUTE]).toBe(3);
  });

  it('needs a connection', async () => {
    await expect(readAll(inventory, { ...exportContext('merchant', {}), connectionId: undefined })).rejects.toThrow(/needs a connection/);
  });
});
