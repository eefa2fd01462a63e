import { OrdersCreateOperation } from '../../src/operations';
import type { SandboxServer } from '../../sandbox/src';
import { startSandbox } from '../../sandbox/src';
import { CART, TestConnections, importContext, validOrder } from './operations-fixture';

const LEVEL = 4;
const BORROWER = { apiUser: 'demo-cart-b', apiKey: 'demo-cart-b-key' };

describe('orders.create concurrency follows the connection pool', () => {
  let sandbox: SandboxServer;
  let connections: TestConnections;
  let operation: OrdersCreateOperation;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: false, latency: 40 });
    sandbox.control.addUser({ ...BORROWER, level: 'cart' });
    sandbox.control.defineGroup('shared-pool', [CART.apiUser, BORROWER.apiUser]);
    connections = new TestConnections(sandbox);
    await connections.add('lender', CART, { poolId: 'pool-lender', level: LEVEL });
    // The borrower's requests run in the lender's pool (its own level is ignored).
    await connections.add('borrower', BORROWER, { poolId: 'pool-lender' });
    operation = new OrdersCreateOperation(connections.factory);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.control.resetCounters());

  it('keeps exactly the pool level in flight for a batch of 40', async () => {
    const batch = Array.from({ length: 40 }, (_, n) => validOrder(`CONC-${n}`));
    const results = await operation.write(importContext('lender'), batch);
    expect(results.every((result) => result.status === 'created')).toBe(true);
    expect(sandbox.control.counters().maxInFlight[CART.apiUser]).toBe(LEVEL);
  });

  it('shares the level with a borrowing connection: both together never exceed it', async () => {
    const batch = (prefix: string): ReturnType<typeof validOrder>[] => Array.from({ length: 20 }, (_, n) => validOrder(`${prefix}-${n}`));
    const [lender, borrower] = await Promise.all([
      operation.write(importContext('lender'), batch('LEND')),
      operation.write(importContext('borrower'), batch('BORROW')),
    ]);
    expect([...lender, ...borrower].every((result) => result.status === 'created')).toBe(true);
    const counters = sandbox.control.counters();
    expect(counters.groupMaxInFlight['shared-pool']).toBe(LEVEL);
    expect(counters.maxInFlight[BORROWER.apiUser]).toBeGreaterThan(0);
  });
});
