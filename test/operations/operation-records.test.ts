import type {
  InventoryExportRecord,
  OperationRecords,
  OrderCancelRecord,
  OrderCreateRecord,
  OrdersExportRecord,
  OrderUpdateRecord,
  ProductsExportRecord,
} from '../../src';
import { systemClock } from '../../src/contracts';
import {
  InventoryExportOperation,
  OrdersCancelOperation,
  OrdersCreateOperation,
  OrdersExportOperation,
  OrdersUpdateOperation,
  ProductsExportOperation,
} from '../../src/operations';
import type { SandboxServer } from '../../sandbox/src';
import { startSandbox } from '../../sandbox/src';
import { CART, MERCHANT, TestConnections, exportContext, importContext } from './operations-fixture';

/*
 * The exported record types say what each operation takes and gives: records typed with them pass
 * each destination's own checks against the sandbox, and what each source gives has the typed
 * fields. The `@ts-expect-error` lines are checked by `npm run typecheck` (a record the types let
 * through that the checks refuse, or the reverse, is a defect of one of the two).
 */
const CREATE: OrderCreateRecord = {
  cust_ref: 'R-1',
  ship_company: 'Analytical Engines Ltd',
  ship_address_1: '351 Hitchcock Way',
  ship_city: 'Santa Barbara',
  ship_state: 'CA',
  ship_zip: '93105',
  ship_country: 'US',
  items: [{ item: 'CIO-1001', quantity: 2 }],
};
const UPDATES: OrderUpdateRecord[] = [
  { cust_ref: 'R-1', tracking_no: '1Z999' },
  { cust_ref: 'R-1', order_status: 'confirmed', shipments: [{ tracking_no: 'TRK-A', carrier: 'UPS' }] },
];
const CANCEL: OrderCancelRecord = { cust_ref: 'R-2' };

// @ts-expect-error an order to create needs its lines
const noLines: OrderCreateRecord = { cust_ref: 'X', ship_company: 'C', ship_address_1: 'A', ship_city: 'C', ship_zip: 'Z', ship_country: 'DE' };
// @ts-expect-error ...and at least one
const emptyLines: OrderCreateRecord = { ...CREATE, items: [] };
// @ts-expect-error tracking comes as numbers or as shipments, not both
const bothTrackings: OrderUpdateRecord = { cust_ref: 'X', tracking_no: '1', shipments: [{ tracking_no: '2' }] };
// @ts-expect-error a cancel needs the order's cust_ref
const noCustRef: OrderCancelRecord = { order_status: 'canceled' };
void [noLines, emptyLines, bothTrackings, noCustRef];

describe('the record types of each operation', () => {
  let sandbox: SandboxServer;
  let connections: TestConnections;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: { orders: 3, skus: 3 } });
    connections = new TestConnections(sandbox);
    await connections.add('cart', CART);
    await connections.add('merchant', MERCHANT);
  });
  afterAll(() => sandbox.close());

  it('records typed as each destination takes them pass its checks', async () => {
    const created = await new OrdersCreateOperation(connections.factory).write(importContext('cart'), [CREATE, { ...CREATE, cust_ref: 'R-2' }]);
    expect(created.map((result) => [result.status, result.message])).toEqual([
      ['created', undefined],
      ['created', undefined],
    ]);
    sandbox.control.setOrderStatus('R-1', 'shipped');
    const updated = await new OrdersUpdateOperation(connections.factory).write(importContext('cart'), UPDATES);
    expect(updated.map((result) => [result.status, result.message])).toEqual([
      ['updated', undefined],
      ['updated', undefined],
    ]);
    const canceled = await new OrdersCancelOperation(connections.factory).write(importContext('cart'), [CANCEL]);
    expect(canceled.map((result) => [result.status, result.message])).toEqual([['canceled', undefined]]);
  });

  it('what each source gives has the fields its type names', async () => {
    const orders: OperationRecords['orders']['out'][] = [];
    for await (const order of new OrdersExportOperation(connections.factory, systemClock).read(exportContext('merchant', { status: 'any' }))) orders.push(order);
    const products: ProductsExportRecord[] = [];
    for await (const product of new ProductsExportOperation(connections.factory).read(exportContext('merchant', {}))) products.push(product);
    const rows: InventoryExportRecord[] = [];
    for await (const row of new InventoryExportOperation(connections.factory).read(exportContext('merchant', { perWarehouse: true }))) rows.push(row);

    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders satisfies OrdersExportRecord[]) expect(typeof order.cust_ref).toBe('string');
    expect(products.map((product) => typeof product.sku)).toEqual(['string', 'string', 'string']);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      expect(typeof row.sku).toBe('string');
      expect('warehouse_id' in row && (row.warehouse_id === null || typeof row.warehouse_id === 'string')).toBe(true);
    }
  });
});
