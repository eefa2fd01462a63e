import { systemClock } from '../../src/contracts';
import { OrdersExportOperation } from '../../src/operations';
import type { SandboxServer } from '../../sandbox/src';
import { startSandbox } from '../../sandbox/src';
import { MERCHANT, TestConnections, exportContext, readAll } from './operations-fixture';

const LIST_ROUTE = 'GET /v1/merchant/orders/list/{status}';

describe('orders export (source) against the sandbox', () => {
  let sandbox: SandboxServer;
  let operation: OrdersExportOperation;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: { orders: 250, skus: 20 }, bucket: { capacity: 1000, refillMs: 1 } });
    const connections = new TestConnections(sandbox, { bucket: { capacity: 1000, refillMs: 1 } });
    await connections.add('merchant', MERCHANT);
    operation = new OrdersExportOperation(connections.factory, systemClock);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.control.resetCounters());

  it('pages through every order and stops at the short last page', async () => {
    const records = await readAll(operation, exportContext('merchant', { status: 'any', pagesInFlight: 1 }));
    expect(records).toHaveLength(250);
    expect(new Set(records.map((order) => order.cust_ref)).size).toBe(250);
    // 100 + 100 + 50: the short page ends the list, no fourth request.
    expect(sandbox.control.counters().requests[LIST_ROUTE]).toBe(3);
  });

  it('reads ahead by default: the same orders in the same order, at most one extra call past the end', async () => {
    // A sandbox of its own: the request abandoned past the end may land after the test, on no other test's counts.
    const own = await startSandbox({ seed: { orders: 250, skus: 20 }, bucket: { capacity: 1000, refillMs: 1 } });
    try {
      const connections = new TestConnections(own, { bucket: { capacity: 1000, refillMs: 1 } });
      await connections.add('merchant', MERCHANT);
      const reader = new OrdersExportOperation(connections.factory, systemClock);
      const oneByOne = await readAll(reader, exportContext('merchant', { status: 'any', pagesInFlight: 1, pageSize: 20 }));
      own.control.resetCounters();
      const ahead = await readAll(reader, exportContext('merchant', { status: 'any', pageSize: 20 }));
      expect(ahead.map((order) => order.cust_ref)).toEqual(oneByOne.map((order) => order.cust_ref));
      const calls = own.control.counters().requests[LIST_ROUTE];
      expect(calls).toBeGreaterThanOrEqual(13); // 12 full pages + the short (empty) one
      expect(calls).toBeLessThanOrEqual(14);
      expect(own.control.counters().maxInFlight[MERCHANT.apiUser]).toBeLessThanOrEqual(2);
    } finally {
      await own.close();
    }
  });

  it('stops after an empty page when the last full page was exactly the end', async () => {
    const records = await readAll(operation, exportContext('merchant', { status: 'any', pageSize: 50, pagesInFlight: 1 }));
    expect(records).toHaveLength(250);
    expect(sandbox.control.counters().requests[LIST_ROUTE]).toBe(6); // 5 full pages + 1 empty one
  });

  it('filters by status and date window, and passes the include flags', async () => {
    const stored = sandbox.control.orders().filter((order) => order.order_status === 'new');
    const created = stored.map((order) => Date.parse(String(order.created_date_time))).sort((a, b) => a - b);
    const from = new Date(created[Math.floor(created.length / 4)]).toISOString();
    const to = new Date(created[Math.floor((created.length * 3) / 4)]).toISOString();
    const expected = stored.filter((order) => {
      const at = Date.parse(String(order.created_date_time));
      return at >= Date.parse(from) && at <= Date.parse(to);
    });

    const records = await readAll(
      operation,
      exportContext('merchant', { status: 'new', fromDate: from, toDate: to, includeOrderExtras: true, includeFilteredItems: true }),
    );
    expect(records.map((order) => order.cust_ref).sort()).toEqual(expected.map((order) => order.cust_ref).sort());
    expect(records.every((order) => order.order_status === 'new')).toBe(true);
    expect(records.every((order) => typeof order.extra_fields === 'object')).toBe(true);
  });

  it('holds a bounded number of pages: a consumer that stops early stops the requests', async () => {
    let taken = 0;
    for await (const record of operation.read(exportContext('merchant', { status: 'any', pageSize: 10, pagesInFlight: 1 }))) {
      expect(record.cust_ref).toBeDefined();
      taken += 1;
      if (taken === 15) break;
    }
    // The page being read (2) and the one requested ahead of it (3); nothing more.
    expect(sandbox.control.counters().requests[LIST_ROUTE]).toBe(3);
  });

  it('refuses a config its schema rejects, before any request', async () => {
    await expect(readAll(operation, exportContext('merchant', { status: 'lost' }))).rejects.toThrow(/Invalid config .*"orders".*status/);
    await expect(readAll(operation, exportContext('merchant', { delta: true, toDate: '2024-01-01' }))).rejects.toThrow(/Invalid config/);
    expect(sandbox.control.counters().requests[LIST_ROUTE]).toBeUndefined();
  });
});
