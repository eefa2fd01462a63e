import type { RecordResult } from '../../src/contracts';
import { OrdersCreateOperation } from '../../src/operations';
import type { SandboxServer } from '../../sandbox/src';
import { startSandbox } from '../../sandbox/src';
import { CART, TestConnections, importContext, validOrder } from './operations-fixture';

const CREATE_ROUTE = 'POST /v1/cart/orders/cartrover';

/** Every record answered once, in order; read = written + failed + skipped. */
function expectAccounted(results: readonly RecordResult[], batchSize: number): void {
  expect(results.map((result) => result.index)).toEqual([...Array(batchSize).keys()]);
  const written = results.filter((result) => ['created', 'exists', 'updated', 'canceled', 'written'].includes(result.status)).length;
  const failed = results.filter((result) => result.status === 'failed').length;
  const skipped = results.filter((result) => result.status === 'skipped').length;
  expect(written + failed + skipped).toBe(batchSize);
  expect(results.every((result) => result.ok === (result.status !== 'failed'))).toBe(true);
}

describe('orders.create import against the sandbox', () => {
  let sandbox: SandboxServer;
  let connections: TestConnections;
  let operation: OrdersCreateOperation;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: false });
    connections = new TestConnections(sandbox);
    await connections.add('cart', CART);
    operation = new OrdersCreateOperation(connections.factory);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    sandbox.control.clearOrders();
    sandbox.control.resetCounters();
  });

  it('creates valid orders, fails invalid ones without sending them, and answers duplicates as exists', async () => {
    await connections.clientFor('cart').createOrder(validOrder('ALREADY-THERE'));
    sandbox.control.resetCounters();

    const batch: unknown[] = [
      validOrder('A-1'),
      { ...validOrder('B-1'), ship_city: '' }, // invalid: no city
      validOrder('C-1'),
      validOrder('A-1', { ship_first_name: 'Second' }), // same cust_ref as record 0
      'not an order',
      validOrder('D-1', { grand_total: 99 }), // charges disagree
      validOrder('B-1'), // record 1 corrected: sent on its own
      validOrder('ALREADY-THERE'),
      { ...validOrder('E-1'), items: [{ item: 'CIO-1001', quantity: 0 }] },
      validOrder(' A-1 '), // the same cust_ref once trimmed
    ];
    const results = await operation.write(importContext('cart'), batch);

    expectAccounted(results, batch.length);
    expect(results.map((result) => [result.status, result.custRef])).toEqual([
      ['created', 'A-1'],
      ['failed', 'B-1'],
      ['created', 'C-1'],
      ['exists', 'A-1'],
      ['failed', undefined],
      ['failed', 'D-1'],
      ['created', 'B-1'],
      ['exists', 'ALREADY-THERE'],
      ['failed', 'E-1'],
      ['exists', 'A-1'],
    ]);
    expect(results[1].message).toMatch(/ship_city/);
    expect(results[3].message).toMatch(/Record 0 of this batch/);
    expect(results[4].message).toMatch(/not a JSON object/);
    expect(results[5].message).toMatch(/grand_total/);
    expect(results[8].message).toMatch(/items\[0\]\.quantity/);

    const counters = sandbox.control.counters();
    // One request per order that needed one: A-1, C-1, B-1 and the existing order; none for the rest.
    expect(counters.requests[CREATE_ROUTE]).toBe(4);
    expect(counters.createAttempts).toEqual({ 'A-1': 1, 'C-1': 1, 'B-1': 1, 'ALREADY-THERE': 1 });
    expect(counters.ordersCreated).toEqual({ 'A-1': 1, 'C-1': 1, 'B-1': 1 });
    const stored = sandbox.control.orders().find((order) => order.cust_ref === 'A-1')!;
    expect(stored.ship_first_name).toBe('Ada'); // the first record won
  });

  it('is idempotent across batches: the same batch again is all exists', async () => {
    const batch = [validOrder('R-1'), validOrder('R-2'), validOrder('R-3')];
    expect((await operation.write(importContext('cart'), batch)).map((result) => result.status)).toEqual(['created', 'created', 'created']);
    const again = await operation.write(importContext('cart'), batch);
    expect(again.map((result) => [result.status, result.ok])).toEqual([
      ['exists', true],
      ['exists', true],
      ['exists', true],
    ]);
    expect(sandbox.control.counters().ordersCreated).toEqual({ 'R-1': 1, 'R-2': 1, 'R-3': 1 });
  });

  it('fails every record with the reason when the step cannot start', async () => {
    const batch = [validOrder('X-1'), validOrder('X-2')];
    const noConnection = await operation.write({ ...importContext('cart'), connectionId: undefined }, batch);
    expect(noConnection.map((result) => [result.index, result.status, result.custRef])).toEqual([
      [0, 'failed', 'X-1'],
      [1, 'failed', 'X-2'],
    ]);
    expect(noConnection[0].message).toMatch(/needs a connection/);
    const badConfig = await operation.write(importContext('cart', { checkCharges: 'yes' }), batch);
    expect(badConfig.every((result) => result.status === 'failed' && /Invalid config/.test(result.message ?? ''))).toBe(true);
    expect(sandbox.control.counters().requests[CREATE_ROUTE]).toBeUndefined();
  });

  it('sends orders whose charges disagree when checkCharges is off', async () => {
    const results = await operation.write(importContext('cart', { checkCharges: false }), [validOrder('LOOSE-1', { grand_total: 99 })]);
    expect(results[0].status).toBe('created');
  });

  it('answers an empty batch with no results and no request', async () => {
    expect(await operation.write(importContext('cart'), [])).toEqual([]);
    expect(sandbox.control.counters().requests[CREATE_ROUTE]).toBeUndefined();
  });
});
