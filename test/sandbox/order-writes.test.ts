import { startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { ManualClock } from './manual-clock';
import { CART, MERCHANT, call, createOrder, newOrder } from './sandbox-http';

type Row = Record<string, unknown>;

describe('sandbox order writes', () => {
  let sandbox: SandboxServer;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    sandbox = await startSandbox({ seed: false, clock });
  });
  afterEach(() => sandbox.close());

  it('creates an order from one object: bare success body, stored as new', async () => {
    const res = await createOrder(sandbox, newOrder('T-1'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success_code: true, cust_ref: 'T-1', order_number: 'T-1' });
    expect(res.headers.get('x-cartrover-api-minute-hits-remaining')).toBeNull(); // create is not rate limited
    const view = await call(sandbox, '/v1/merchant/orders/T-1');
    expect(view.body.success_code).toBe(true);
    const order = view.body.response;
    expect(order).toMatchObject({
      cust_ref: 'T-1',
      cust_po_no: 'T-1',
      order_status: 'new',
      order_source: 'demo-cart',
      ship_city: 'Santa Barbara',
      cust_city: 'Santa Barbara', // ship_is_billing copies ship-to into bill-to
      sub_total: '13.80',
      grand_total: '13.80',
    });
    expect(order.created_date_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(order.items.map((i: Row) => [i.line_no, i.item, i.quantity, i.price, i.extended_amount])).toEqual([
      ['1', 'CIO-1001', '2', '4.4000', '8.80'],
      ['2', 'CIO-1002', '1', '5.0000', '5.00'],
    ]);
    expect(sandbox.control.counters().ordersCreated).toEqual({ 'T-1': 1 });
    expect(sandbox.control.counters().createAttempts).toEqual({ 'T-1': 1 });
    expect((await call(sandbox, '/v1/cart/orders/T-1', { as: CART })).body.response.cust_ref).toBe('T-1');
  });

  it('accepts an array of one order as the same create', async () => {
    const res = await createOrder(sandbox, [newOrder('T-2')]);
    expect(res.body).toEqual({ success_code: true, cust_ref: 'T-2', order_number: 'T-2' });
  });

  it('answers an array of several orders per entry', async () => {
    await createOrder(sandbox, newOrder('DUP'));
    const res = await createOrder(sandbox, [newOrder('A-1'), newOrder('DUP'), { ship_city: 'x' }]);
    expect(res.body.success_code).toBe(false);
    expect(res.body.error_code).toBe('Failure');
    expect(res.body.response).toEqual([
      { success_code: true, cust_ref: 'A-1', order_number: 'A-1' },
      { success_code: false, cust_ref: 'DUP', index_pos: 1, error_code: 'Failure', message: 'OrderDuplicate' },
      { success_code: false, cust_ref: null, index_pos: 2, error_code: 'Invalid', message: expect.stringMatching(/^Order missing required field\(s\): cust_ref/) },
    ]);
    const ok = await createOrder(sandbox, [newOrder('B-1'), newOrder('B-2')]);
    expect(ok.body.success_code).toBe(true);
    expect(ok.body.response).toHaveLength(2);
  });

  it('refuses a duplicate cust_ref with Failure OrderDuplicate and counts both attempts', async () => {
    await createOrder(sandbox, newOrder('T-3'));
    const again = await createOrder(sandbox, newOrder('T-3'));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ success_code: false, error_code: 'Failure', message: 'OrderDuplicate' });
    const counters = sandbox.control.counters();
    expect(counters.createAttempts['T-3']).toBe(2);
    expect(counters.ordersCreated['T-3']).toBe(1);
  });

  it('requires cust_ref and a minimal ship-to and items', async () => {
    const { cust_ref: _omit, ...noRef } = newOrder('x');
    expect((await createOrder(sandbox, noRef)).body).toEqual({
      success_code: false,
      error_code: 'Invalid',
      message: 'Order missing required field(s): cust_ref',
    });
    const bare = await createOrder(sandbox, { cust_ref: 'T-4' });
    expect(bare.body.message).toBe('Order missing required field(s): ship_address_1, ship_city, items');
    const badItem = await createOrder(sandbox, newOrder('T-5', { items: [{ item: 'A' }] }));
    expect(badItem.body.message).toBe('Order missing required field(s): items[0].quantity');
    const badQty = await createOrder(sandbox, newOrder('T-6', { items: [{ item: 'A', quantity: 'lots' }] }));
    expect(badQty.body).toMatchObject({ error_code: 'Invalid' });
    expect((await createOrder(sandbox, [])).body).toMatchObject({ error_code: 'Invalid', message: 'No orders in the request body' });
    expect(sandbox.control.orders()).toHaveLength(0);
  });

  it('shows status and shipments after the warehouse ships (setOrderStatus), then confirms with tracking', async () => {
    await createOrder(sandbox, newOrder('T-7'));
    const before = sandbox.control.orders()[0];
    clock.advance(1_000); // updated_date_time has one-second resolution
    sandbox.control.setOrderStatus('T-7', 'shipped');
    const status = await call(sandbox, '/v1/cart/orders/status/T-7', { as: CART });
    expect(status.body.response).toMatchObject({ cust_ref: 'T-7', order_status: 'shipped', ship_country: 'USA' });
    expect(status.body.response.updated_date_time > (before.updated_date_time as string)).toBe(true);
    expect(status.body.response.delivered_to_wms_date).toMatch(/\+00:00$/);
    expect(status.body.response.shipments[0]).toMatchObject({ carrier: 'USPS', total_cost: '1.50' });
    expect((await call(sandbox, '/v1/merchant/orders/status/T-7')).body.response.order_status).toBe('shipped');

    const update = await call(sandbox, '/v1/cart/orders/update/T-7', { as: CART, body: { order_status: 'confirmed', shipments: [{ tracking_no: 'ABC123456' }] } });
    expect(update.body).toEqual({ success_code: true });
    const confirmed = await call(sandbox, '/v1/cart/orders/status/T-7', { as: CART });
    expect(confirmed.body.response.order_status).toBe('confirmed');
    expect(confirmed.body.response.shipments[0].tracking_no).toBe('ABC123456');
    const listed = await call(sandbox, '/v1/merchant/orders/list/confirmed');
    expect(listed.body.response.map((o: Row) => o.cust_ref)).toEqual(['T-7']);
  });

  it('refuses update on an unshipped order, an unsupported status, or an empty update', async () => {
    await createOrder(sandbox, newOrder('T-8'));
    expect((await call(sandbox, '/v1/cart/orders/update/T-8', { as: CART, body: { order_status: 'confirmed' } })).body).toMatchObject({ success_code: false, error_code: 'Failure' });
    expect((await call(sandbox, '/v1/cart/orders/update/T-8', { as: CART, body: { order_status: 'shipped' } })).body).toMatchObject({ error_code: 'Invalid' });
    expect((await call(sandbox, '/v1/cart/orders/update/T-8', { as: CART, body: {} })).body).toMatchObject({ error_code: 'Invalid' });
    expect((await call(sandbox, '/v1/cart/orders/update/NOPE', { as: CART, body: { order_status: 'confirmed' } })).body).toMatchObject({ error_code: 'Invalid', message: 'Order not found: NOPE' });
  });

  it('cancels a new order within the window ({cust_ref} or [{cust_ref}]) and again idempotently', async () => {
    await createOrder(sandbox, [newOrder('C-1')]);
    await createOrder(sandbox, newOrder('C-2'));
    expect((await call(sandbox, '/v1/cart/orders/cancel', { as: CART, body: { cust_ref: 'C-1' } })).body).toEqual({ success_code: true });
    expect((await call(sandbox, '/v1/cart/orders/cancel/cartrover', { as: CART, body: [{ cust_ref: 'C-2' }] })).body).toEqual({ success_code: true });
    expect((await call(sandbox, '/v1/cart/orders/cancel', { as: CART, body: { cust_ref: 'C-1' } })).body).toEqual({ success_code: true });
    const canceled = await call(sandbox, '/v1/merchant/orders/list/canceled');
    expect(canceled.body.response.map((o: Row) => o.cust_ref)).toEqual(['C-1', 'C-2']);
    expect(canceled.body.response[0].cancel_date).toMatch(/\+00:00$/);
    expect(canceled.body.response[0].sending_canceled).toBe('Y');
    expect((await call(sandbox, '/v1/cart/orders/cancel', { as: CART, body: {} })).body).toMatchObject({ error_code: 'Invalid' });
  });

  it('wms_cancel answers success with a response object', async () => {
    await createOrder(sandbox, newOrder('C-3'));
    expect((await call(sandbox, '/v1/cart/orders/wms_cancel/C-3', { as: CART })).body).toEqual({ success_code: true, response: { success: true, message: '' } });
  });

  it('cancels within a short window; refuses a shipped order, or after the window', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ seed: false, cancelWindowMs: 150, clock });
    await createOrder(sandbox, newOrder('W-0'));
    expect((await call(sandbox, '/v1/cart/orders/cancel', { as: CART, body: { cust_ref: 'W-0' } })).body).toEqual({ success_code: true });
    await createOrder(sandbox, newOrder('W-1'));
    await createOrder(sandbox, newOrder('W-2'));
    sandbox.control.setOrderStatus('W-2', 'shipped');
    const shipped = await call(sandbox, '/v1/cart/orders/cancel', { as: CART, body: { cust_ref: 'W-2' } });
    expect(shipped.body).toMatchObject({ success_code: false, error_code: 'Failure', message: 'Order W-2 cannot be canceled: its status is shipped' });
    clock.advance(151);
    const late = await call(sandbox, '/v1/cart/orders/cancel', { as: CART, body: { cust_ref: 'W-1' } });
    expect(late.body).toMatchObject({ success_code: false, error_code: 'Failure' });
    expect(late.body.message).toMatch(/cancel window/);
    expect(sandbox.control.orders().find((o) => o.cust_ref === 'W-1')!.order_status).toBe('new');
  });

  it('answers unknown cust_refs per notFoundStyle', async () => {
    const body200 = await call(sandbox, '/v1/merchant/orders/NOPE');
    expect(body200.status).toBe(200);
    expect(body200.body).toEqual({ success_code: false, error_code: 'Invalid', message: 'Order not found: NOPE' });
    sandbox.control.setStyles({ notFoundStyle: 'status404' });
    expect((await call(sandbox, '/v1/merchant/orders/status/NOPE')).status).toBe(404);
    expect((await call(sandbox, '/v1/cart/orders/NOPE', { as: CART })).status).toBe(404);
    expect((await call(sandbox, '/v1/merchant/orders/list/new')).status).toBe(200);
  });

  it('finds cust_refs that need URL encoding', async () => {
    await createOrder(sandbox, newOrder('A/B #1'));
    expect((await call(sandbox, `/v1/merchant/orders/${encodeURIComponent('A/B #1')}`)).body.response.cust_ref).toBe('A/B #1');
  });

  it('clearOrders empties the store; setOrderStatus refuses unknown orders and statuses', async () => {
    await createOrder(sandbox, newOrder('Z-1'));
    expect(() => sandbox.control.setOrderStatus('Z-1', 'lost' as never)).toThrow(/unknown order status/);
    expect(() => sandbox.control.setOrderStatus('NOPE', 'shipped')).toThrow(/no order with cust_ref NOPE/);
    sandbox.control.clearOrders();
    expect(sandbox.control.orders()).toEqual([]);
    expect((await call(sandbox, '/v1/merchant/orders/list/any', { as: MERCHANT })).body.response).toEqual([]);
  });
});
