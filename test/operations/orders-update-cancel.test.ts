import { OrdersCancelOperation, OrdersUpdateOperation } from '../../src/operations';
import type { SandboxServer } from '../../sandbox/src';
import { startSandbox } from '../../sandbox/src';
import { CART, TestConnections, importContext, validOrder } from './operations-fixture';

describe('orders.update and orders.cancel imports against the sandbox', () => {
  let sandbox: SandboxServer;
  let connections: TestConnections;
  let update: OrdersUpdateOperation;
  let cancel: OrdersCancelOperation;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: false });
    connections = new TestConnections(sandbox);
    await connections.add('cart', CART);
    update = new OrdersUpdateOperation(connections.factory);
    cancel = new OrdersCancelOperation(connections.factory);
  });
  afterAll(() => sandbox.close());

  async function createOrders(...custRefs: string[]): Promise<void> {
    const client = connections.clientFor('cart');
    for (const ref of custRefs) await client.createOrder(validOrder(ref));
  }

  function stored(custRef: string): Record<string, unknown> {
    return sandbox.control.orders().find((order) => order.cust_ref === custRef)!;
  }

  it('confirms shipped orders with their tracking numbers; other records fail alone', async () => {
    await createOrders('U-1', 'U-2', 'U-3', 'U-NEW');
    for (const ref of ['U-1', 'U-2', 'U-3']) sandbox.control.setOrderStatus(ref, 'shipped');

    const batch: unknown[] = [
      { cust_ref: 'U-1', tracking_no: '1Z999' }, // status from the config default: confirmed
      { cust_ref: 'U-2', order_status: 'confirmed', tracking_no: ['TRK-A', 'TRK-B'] },
      { cust_ref: 'U-3', shipments: [{ tracking_no: 'TRK-C', carrier: 'UPS' }] },
      { cust_ref: 'U-NEW', tracking_no: 'TRK-D' }, // not shipped: CartRover refuses
      { cust_ref: 'U-MISSING', tracking_no: 'TRK-E' },
      { tracking_no: 'TRK-F' },
      { cust_ref: 'U-1', tracking_no: 'TRK-G', shipments: [] },
    ];
    const results = await update.write(importContext('cart'), batch);

    expect(results.map((result) => [result.index, result.status, result.custRef])).toEqual([
      [0, 'updated', 'U-1'],
      [1, 'updated', 'U-2'],
      [2, 'updated', 'U-3'],
      [3, 'failed', 'U-NEW'],
      [4, 'failed', 'U-MISSING'],
      [5, 'failed', undefined],
      [6, 'failed', 'U-1'],
    ]);
    expect(results[3].message).toMatch(/cannot be confirmed/);
    expect(results[5].message).toMatch(/cust_ref/);
    expect(results[6].message).toMatch(/tracking_no or shipments, not both/);
    expect(stored('U-1').order_status).toBe('confirmed');
    expect((stored('U-2').shipments as { tracking_no: string }[]).map((shipment) => shipment.tracking_no)).toEqual(['TRK-A', 'TRK-B']);
    expect((stored('U-3').shipments as { carrier: string }[])[0].carrier).toBe('UPS');
    expect(stored('U-NEW').order_status).toBe('new');
  });

  it('applies updates of the same order in input order (the last one wins)', async () => {
    await createOrders('U-SEQ');
    sandbox.control.setOrderStatus('U-SEQ', 'shipped');
    const results = await update.write(importContext('cart'), [
      { cust_ref: 'U-SEQ', tracking_no: 'FIRST' },
      { cust_ref: 'U-SEQ', tracking_no: 'SECOND' },
    ]);
    expect(results.map((result) => result.status)).toEqual(['updated', 'updated']);
    expect((stored('U-SEQ').shipments as { tracking_no: string }[])[0].tracking_no).toBe('SECOND');
  });

  it('cancels orders; a shipped one fails with CartRover’s reason; a repeat is skipped', async () => {
    await createOrders('K-1', 'K-2', 'K-SHIPPED');
    sandbox.control.setOrderStatus('K-SHIPPED', 'shipped');
    sandbox.control.resetCounters();

    const results = await cancel.write(importContext('cart'), [
      { cust_ref: 'K-1' },
      { cust_ref: 'K-SHIPPED' },
      { cust_ref: 'K-1' },
      { cust_ref: 'K-2' },
      {},
      42,
    ]);
    expect(results.map((result) => [result.status, result.ok])).toEqual([
      ['canceled', true],
      ['failed', false],
      ['skipped', true],
      ['canceled', true],
      ['failed', false],
      ['failed', false],
    ]);
    expect(results[1].message).toMatch(/cannot be canceled/);
    expect(results[4].message).toMatch(/cust_ref/);
    expect(results[5].message).toMatch(/not a JSON object/);
    expect(stored('K-1').order_status).toBe('canceled');
    expect(stored('K-2').order_status).toBe('canceled');
    expect(stored('K-SHIPPED').order_status).toBe('shipped');
    expect(sandbox.control.counters().requests['GET /v1/cart/orders/wms_cancel/{cust_ref}']).toBe(3);
  });
});
