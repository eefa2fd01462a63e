import { OrdersCreateOperation } from '../../src/operations';
import type { SandboxServer } from '../../sandbox/src';
import { startSandbox } from '../../sandbox/src';
import { CART, TestConnections, importContext, validOrder } from './operations-fixture';

const CREATE_ROUTE = 'POST /v1/cart/orders/cartrover';

describe('orders.create under injected faults', () => {
  let sandbox: SandboxServer;
  let operation: OrdersCreateOperation;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: false, latency: 5 });
    // A per-attempt timeout short enough that a hung answer turns into a client timeout quickly, and
    // long enough that a loaded machine's slow answers are no timeouts: at 300 ms a full CI run saw
    // eight in a row besides the injected ones, and the circuit rightly opened.
    const connections = new TestConnections(sandbox, { timeoutMs: 1000 });
    await connections.add('cart', CART, { level: 8 });
    operation = new OrdersCreateOperation(connections.factory);
  });
  afterAll(() => sandbox.close());

  it('creates every order exactly once and reports all ok, whatever failed on the way', async () => {
    const custRefs = Array.from({ length: 40 }, (_, n) => `FAULT-${String(n).padStart(2, '0')}`);
    const endpoint = CREATE_ROUTE;
    sandbox.control.injectFault({ kind: 'http500', count: 3, endpoint });
    sandbox.control.injectFault({ kind: 'http503', count: 3, endpoint });
    sandbox.control.injectFault({ kind: 'html502', count: 2, endpoint });
    sandbox.control.injectFault({ kind: 'reset', count: 3, endpoint });
    // The server creates the order, then the answer is lost: the client must not create it again.
    sandbox.control.injectFault({ kind: 'timeout', count: 3, endpoint, afterHandling: true, hangMs: 2500 });
    sandbox.control.injectFault({ kind: 'http500', count: 2, endpoint, afterHandling: true });

    const results = await operation.write(importContext('cart'), custRefs.map((ref) => validOrder(ref)));

    expect(results).toHaveLength(40);
    const notOk = results.filter((result) => !result.ok);
    expect(notOk).toEqual([]);
    expect(results.every((result) => result.status === 'created' || result.status === 'exists')).toBe(true);
    const counters = sandbox.control.counters();
    for (const ref of custRefs) expect(counters.ordersCreated[ref]).toBe(1);
    // Faults really happened: more create attempts than orders.
    expect(Object.values(counters.createAttempts).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(40);
  });
});
