import { systemClock } from '../../src/contracts';
import { InventoryExportOperation, OrdersExportOperation, ProductsExportOperation } from '../../src/operations';
import type { SandboxServer } from '../../sandbox/src';
import { startSandbox } from '../../sandbox/src';
import { MERCHANT, TestConnections, exportContext, readAll } from './operations-fixture';

/** A small bucket (5 calls, one back every 30 ms), known to the client as well. */
const BUCKET = { capacity: 5, refillMs: 30 };

describe('exports under a small leaky bucket', () => {
  let sandbox: SandboxServer;
  let connections: TestConnections;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: { orders: 120, skus: 60 }, bucket: BUCKET });
    connections = new TestConnections(sandbox, { bucket: BUCKET });
    await connections.add('merchant', MERCHANT);
  });
  afterAll(() => sandbox.close());

  it('reads every page of orders, inventory and products with no RateLimit answer', async () => {
    sandbox.control.resetCounters();
    const orders = await readAll(new OrdersExportOperation(connections.factory, systemClock), exportContext('merchant', { status: 'any', pageSize: 10 }));
    const inventory = await readAll(new InventoryExportOperation(connections.factory), exportContext('merchant', { pageSize: 5 }));
    const products = await readAll(new ProductsExportOperation(connections.factory), exportContext('merchant', {}));

    expect(orders).toHaveLength(120);
    expect(inventory).toHaveLength(60);
    expect(products).toHaveLength(60);
    const counters = sandbox.control.counters();
    // Orders 12 full pages + an empty one, inventory the same (each + at most 1 read ahead),
    // products 1 inventory page + 60: far more than the burst of 5, all paced under the bucket.
    const calls = Object.values(counters.requests).reduce((sum, n) => sum + n, 0);
    expect(calls).toBeGreaterThanOrEqual(13 + 13 + 1 + 60);
    expect(calls).toBeLessThanOrEqual(13 + 13 + 1 + 60 + 2);
    expect(counters.rateLimited).toBe(0);
  });
});
