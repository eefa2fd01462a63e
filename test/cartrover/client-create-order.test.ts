import type { CreateOrderInput } from '../../src/cartrover';
import { CART, rejectionOf, useSandbox } from './sandbox-fixture';

const { sandbox, client } = useSandbox({ seed: false });
const CREATE = 'POST /v1/cart/orders/cartrover';
const VIEW = 'GET /v1/cart/orders/{cust_ref}';

let sequence = 0;
function newOrder(): CreateOrderInput {
  sequence += 1;
  return {
    cust_ref: `IDEM-${process.pid}-${sequence}`,
    ship_address_1: '351 Hitchcock Way',
    ship_city: 'Santa Barbara',
    ship_state: 'CA',
    ship_zip: '93105',
    ship_country: 'USA',
    items: [{ item: 'CIO-1001', quantity: '2', price: '4.40' }],
  };
}

function counters() {
  return sandbox().control.counters();
}

describe('createOrder', () => {
  it('creates an order and returns its number', async () => {
    const order = newOrder();
    await expect(client(CART).createOrder(order)).resolves.toEqual({ outcome: 'created', custRef: order.cust_ref, orderNumber: order.cust_ref });
    expect(counters().ordersCreated[order.cust_ref]).toBe(1);
  });

  it.each(['http500', 'http503', 'html502', 'reset'] as const)(
    'settles an unknown outcome (%s after the server created it) by reading back: created once',
    async (kind) => {
      const order = newOrder();
      sandbox().control.injectFault({ kind, count: 1, endpoint: CREATE, afterHandling: true });
      const outcome = await client(CART).createOrder(order);
      expect(outcome).toMatchObject({ outcome: 'created', custRef: order.cust_ref, confirmedByReadBack: true });
      expect(counters().ordersCreated[order.cust_ref]).toBe(1);
      expect(counters().createAttempts[order.cust_ref]).toBe(1);
      expect(counters().requests[VIEW]).toBe(1);
    },
  );

  it('settles a timeout after the server created it: created once', async () => {
    const order = newOrder();
    sandbox().control.injectFault({ kind: 'timeout', count: 1, endpoint: CREATE, afterHandling: true, hangMs: 5000 });
    const outcome = await client(CART, { timeoutMs: 200 }).createOrder(order);
    expect(outcome).toMatchObject({ outcome: 'created', confirmedByReadBack: true });
    expect(counters().ordersCreated[order.cust_ref]).toBe(1);
    expect(counters().createAttempts[order.cust_ref]).toBe(1);
  });

  it('sends again when the read-back shows the order was not created', async () => {
    const order = newOrder();
    sandbox().control.injectFault({ kind: 'http503', count: 1, endpoint: CREATE });
    const outcome = await client(CART).createOrder(order);
    expect(outcome).toMatchObject({ outcome: 'created', orderNumber: order.cust_ref });
    expect(outcome.confirmedByReadBack).toBeUndefined();
    expect(counters().createAttempts[order.cust_ref]).toBe(2);
    expect(counters().ordersCreated[order.cust_ref]).toBe(1);
    expect(counters().requests[VIEW]).toBe(1);
  });

  it('sends again after a RateLimit answer without reading back (the server did not act)', async () => {
    const order = newOrder();
    sandbox().control.injectFault({ kind: 'rate_limit', count: 1, endpoint: CREATE });
    const outcome = await client(CART, { bucket: { capacity: 100, refillMs: 20 } }).createOrder(order);
    expect(outcome.outcome).toBe('created');
    expect(counters().createAttempts[order.cust_ref]).toBe(2);
    expect(counters().requests[VIEW]).toBeUndefined();
  });

  it('reports a duplicate as exists', async () => {
    const order = newOrder();
    await client(CART).createOrder(order);
    await expect(client(CART).createOrder(order)).resolves.toEqual({ outcome: 'exists', custRef: order.cust_ref });
    expect(counters().ordersCreated[order.cust_ref]).toBe(1);
  });

  it('gives up after maxAttempts when the order is never created, saying so', async () => {
    const order = newOrder();
    sandbox().control.injectFault({ kind: 'http503', endpoint: CREATE });
    const error = await rejectionOf(client(CART, { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 } }).createOrder(order));
    expect(error).toMatchObject({ kind: 'server', httpStatus: 503 });
    expect(error.message).toContain('was not created');
    expect(counters().createAttempts[order.cust_ref]).toBe(3);
    expect(counters().ordersCreated[order.cust_ref]).toBeUndefined();
  });

  it('says the outcome is unknown when the read-back fails too, and does not send again', async () => {
    const order = newOrder();
    sandbox().control.injectFault({ kind: 'http500', count: 1, endpoint: CREATE, afterHandling: true });
    sandbox().control.injectFault({ kind: 'http503', endpoint: VIEW });
    const error = await rejectionOf(client(CART, { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } }).createOrder(order));
    expect(error).toMatchObject({ kind: 'server', httpStatus: 500 });
    expect(error.message).toMatch(/unknown/);
    expect(counters().createAttempts[order.cust_ref]).toBe(1);
  });

  describe('ends by one overall deadline (retry.maxTotalMs), attempts, waits and read-backs included', () => {
    it('a create that hangs past the deadline is given up once, saying the outcome is unknown (not sent again with a fresh deadline)', async () => {
      const order = newOrder();
      // Every create hangs far beyond the deadline; each attempt alone would get the 30 s default timeout.
      sandbox().control.injectFault({ kind: 'timeout', endpoint: CREATE, hangMs: 20_000 });
      const error = await rejectionOf(client(CART, { retry: { maxAttempts: 5, maxTotalMs: 800, baseDelayMs: 5, maxDelayMs: 10 } }).createOrder(order));
      expect(error).toMatchObject({ kind: 'timeout' });
      expect(error.message).toContain(`Whether order ${order.cust_ref} was created is unknown`);
      // The first attempt's timeout was the whole deadline: no time was left to read back or send again.
      expect(counters().createAttempts[order.cust_ref]).toBe(1);
      expect(counters().requests[VIEW]).toBeUndefined();
    });

    it("a read-back that hangs ends by the create's deadline too, not by a read's own", async () => {
      const order = newOrder();
      // The create's attempt uses 600 ms of the 1 000 ms deadline; the read-back gets what is left.
      sandbox().control.injectFault({ kind: 'timeout', count: 1, endpoint: CREATE, hangMs: 20_000 });
      sandbox().control.injectFault({ kind: 'timeout', endpoint: VIEW, hangMs: 20_000 });
      const cart = client(CART, { timeoutMs: 600, retry: { maxAttempts: 5, maxTotalMs: 1000, baseDelayMs: 5, maxDelayMs: 10 } });
      const error = await rejectionOf(cart.createOrder(order));
      expect(error).toMatchObject({ kind: 'timeout' });
      expect(error.message).toContain(`Whether order ${order.cust_ref} was created is unknown: reading it back failed too`);
      // One read-back, cut at the create's deadline (a read on its own deadline would have tried again).
      expect(counters().requests[VIEW]).toBe(1);
      expect(counters().createAttempts[order.cust_ref]).toBe(1);
    });
  });

  it('does not retry data the server rejects', async () => {
    const error = await rejectionOf(client(CART).createOrder({ cust_ref: `BAD-${process.pid}` }));
    expect(error).toMatchObject({ kind: 'rejected', errorCode: 'Invalid' });
    expect(error.message).toContain('missing required field');
    expect(counters().createAttempts[`BAD-${process.pid}`]).toBe(1);
  });

  it('is not paced: creates pass even when the bucket is empty', async () => {
    sandbox().control.setBucket({ capacity: 1, refillMs: 60_000 });
    try {
      const cart = client(CART, { pacer: undefined, bucket: { capacity: 1, refillMs: 60_000 } });
      const started = Date.now();
      for (let i = 0; i < 5; i += 1) await cart.createOrder(newOrder());
      expect(Date.now() - started).toBeLessThan(5000);
      expect(counters().rateLimited).toBe(0);
    } finally {
      sandbox().control.setBucket({ capacity: 100, refillMs: 600 });
    }
  });
});
