import { CART, MERCHANT, useSandbox } from './sandbox-fixture';

const { sandbox, client } = useSandbox({ seed: { orders: 45, skus: 250 } });
const INVENTORY = 'GET /v1/merchant/inventory';
const MERCHANT_LIST = 'GET /v1/merchant/orders/list/{status}';
const EVER = '2000-01-01T00:00:00+00:00';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const rows: T[] = [];
  for await (const row of iterable) rows.push(row);
  return rows;
}

describe('pagination', () => {
  it('iterates all 250 SKUs in pages of 100: 3 requests, the short third page ends it', async () => {
    const rows = await collect(client(MERCHANT).iterateInventory());
    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((row) => row.sku)).size).toBe(250);
    expect(sandbox().control.counters().requests[INVENTORY]).toBe(3);
  });

  it('needs one more (empty) page when the total is a multiple of the page size', async () => {
    const rows = await collect(client(MERCHANT).iterateInventory({ limit: 50 }));
    expect(rows).toHaveLength(250);
    expect(sandbox().control.counters().requests[INVENTORY]).toBe(6);
  });

  it('iterates orders by status and date window at merchant level', async () => {
    const all = sandbox().control.orders();
    const rows = await collect(client(MERCHANT).iterateOrders({ status: 'any', fromDate: EVER, limit: 10 }));
    expect(rows).toHaveLength(all.length);
    expect(sandbox().control.counters().requests[MERCHANT_LIST]).toBe(Math.floor(all.length / 10) + 1);
    const newOnes = await collect(client(MERCHANT).iterateOrders({ status: 'new', fromDate: EVER }));
    expect(newOnes.length).toBeGreaterThan(0);
    expect(newOnes.every((order) => order.order_status === 'new')).toBe(true);
  });

  it('stops early when the consumer stops', async () => {
    for await (const row of client(MERCHANT).iterateInventory({ limit: 10 })) {
      expect(row.sku).toBeDefined();
      break;
    }
    expect(sandbox().control.counters().requests[INVENTORY]).toBe(1);
  });

  it('lists one page with the given limit and page, and a Date filter', async () => {
    const page2 = await client(MERCHANT).listInventory({ limit: 5, page: 2 });
    expect(page2).toHaveLength(5);
    const orders = await client(MERCHANT).listOrders({ status: 'any', fromDate: new Date('2000-01-01T00:00:00Z'), limit: 3 });
    expect(orders).toHaveLength(3);
  });
});

describe('values as CartRover sends them', () => {
  it('keeps string numbers and [] aliases as they come', async () => {
    const detail = await client(MERCHANT).getInventory('CIO-1001');
    expect(typeof detail.qty_available).toBe('string');
    const list = await client(MERCHANT).listInventory({ limit: 100 });
    expect(typeof list[0].qty_available).toBe('number');
    for (const row of list) expect(Array.isArray(row.aliases) ? row.aliases.length === 0 : typeof row.aliases === 'object').toBe(true);
    const [order] = await client(MERCHANT).listOrders({ status: 'any', fromDate: EVER, limit: 1 });
    expect(typeof order.items?.[0]?.quantity).toBe('string');
    expect(typeof order.total_qty).toBe('string');
  });
});

describe('other endpoints', () => {
  it('views an order and its status at both levels', async () => {
    const cart = client(CART);
    const custRef = `VIEW-${Date.now()}`;
    await cart.createOrder({ cust_ref: custRef, ship_address_1: '1 Main St', ship_city: 'Town', items: [{ item: 'CIO-1001', quantity: 2 }] });
    const viewed = await cart.getOrder(custRef, { level: 'cart', includeOrderExtras: true });
    expect(viewed.cust_ref).toBe(custRef);
    expect(viewed.items?.[0]?.quantity).toBe('2');
    const merchantView = await client(MERCHANT).getOrder(custRef, { level: 'merchant' });
    expect(merchantView.cust_ref).toBe(custRef);
    const status = await cart.getOrderStatus(custRef, { level: 'cart' });
    expect(status.order_status).toBe('new');
  });

  it('updates (confirms) a shipped order and cancels a new one', async () => {
    const cart = client(CART);
    const toConfirm = `UPD-${Date.now()}`;
    const toCancel = `CAN-${Date.now()}`;
    const order = { ship_address_1: '1 Main St', ship_city: 'Town', items: [{ item: 'CIO-1001', quantity: 1 }] };
    await cart.createOrder({ cust_ref: toConfirm, ...order });
    await cart.createOrder({ cust_ref: toCancel, ...order });
    sandbox().control.setOrderStatus(toConfirm, 'shipped', { shipments: [{ carrier: 'USPS', tracking_no: 'T1', items: [{ item: 'CIO-1001', quantity: '1' }] }] });
    await cart.updateOrder(toConfirm, { order_status: 'confirmed', shipments: [{ tracking_no: 'T1' }] });
    expect((await cart.getOrderStatus(toConfirm, { level: 'cart' })).order_status).toBe('confirmed');
    await expect(cart.cancelOrder(toCancel)).resolves.toMatchObject({ success: true });
    expect((await cart.getOrderStatus(toCancel, { level: 'cart' })).order_status).toBe('canceled');
    // Cancelling again is fine; cancelling a confirmed order is refused with CartRover's message.
    await expect(cart.cancelOrder(toCancel)).resolves.toMatchObject({ success: true });
    const refusal = cart.cancelOrder(toConfirm);
    await expect(refusal).rejects.toMatchObject({ kind: 'rejected', errorCode: 'Failure' });
    await expect(refusal).rejects.toThrow(/cannot be canceled/);
  });

  it('reads a product and the ship methods', async () => {
    const product = await client(MERCHANT).getProduct('CIO-1001');
    expect(product.sku).toBe('CIO-1001');
    const methods = await client(MERCHANT).listShipMethods();
    expect(methods.length).toBeGreaterThan(0);
    expect(methods[0]).toEqual(expect.objectContaining({ carrier: expect.any(String), code: expect.any(String) }));
  });
});
