import { systemClock } from '../../src/contracts';
import { OrdersExportOperation, parseDeltaWatermark } from '../../src/operations';
import type { SandboxServer } from '../../sandbox/src';
import { startSandbox } from '../../sandbox/src';
import { CART, MERCHANT, TestConnections, exportContext, readAll, validOrder } from './operations-fixture';

describe('orders export in delta mode', () => {
  let sandbox: SandboxServer;
  let connections: TestConnections;
  let operation: OrdersExportOperation;
  /** How far the sandbox's time is ahead of the system's: a test skips a second instead of waiting one. */
  let skippedMs = 0;

  beforeEach(async () => {
    skippedMs = 0;
    sandbox = await startSandbox({ seed: { orders: 60, skus: 10 }, bucket: { capacity: 1000, refillMs: 1 }, clock: { now: () => Date.now() + skippedMs } });
    connections = new TestConnections(sandbox, { bucket: { capacity: 1000, refillMs: 1 } });
    await connections.add('merchant', MERCHANT);
    await connections.add('cart', CART);
    operation = new OrdersExportOperation(connections.factory, systemClock);
  });
  afterEach(() => sandbox.close());

  /** One run as the host does it: the previous watermark in, the new one kept. */
  async function run(config: Record<string, unknown>, watermark?: string): Promise<{ refs: string[]; watermark: string }> {
    const context = exportContext('merchant', { delta: true, ...config }, watermark);
    const records = await readAll(operation, context);
    expect(context.watermarks).toHaveLength(1);
    return { refs: records.map((order) => String(order.cust_ref)), watermark: context.watermarks[0] };
  }

  function refsWithStatus(status: string): string[] {
    return sandbox.control
      .orders()
      .filter((order) => order.order_status === status)
      .map((order) => String(order.cust_ref));
  }

  it('sees each change once across runs, whatever status the order moved to (status any)', async () => {
    // Two orders created just now: inside the overlap zone of the next run, so it reads them again.
    const client = connections.clientFor('cart');
    await client.createOrder(validOrder('FRESH-1'));
    await client.createOrder(validOrder('FRESH-2'));

    const first = await run({ status: 'any' });
    expect(first.refs).toHaveLength(62);
    expect(new Set(first.refs).size).toBe(62);

    const [toWms, toShipped] = refsWithStatus('new');
    const [toCanceled] = refsWithStatus('at_wms');
    sandbox.control.setOrderStatus(toWms, 'at_wms');
    sandbox.control.setOrderStatus(toShipped, 'shipped');
    sandbox.control.setOrderStatus(toCanceled, 'canceled');

    const second = await run({ status: 'any' }, first.watermark);
    expect(second.refs.sort()).toEqual([toWms, toShipped, toCanceled].sort());

    const third = await run({ status: 'any' }, second.watermark);
    expect(third.refs).toEqual([]);
  });

  it('follows the date of a single status: orders that became shipped since the last run', async () => {
    const first = await run({ status: 'shipped' });
    expect(first.refs.sort()).toEqual(refsWithStatus('shipped').sort());

    const moved = refsWithStatus('at_wms').slice(0, 3);
    for (const ref of moved) sandbox.control.setOrderStatus(ref, 'shipped');

    const second = await run({ status: 'shipped' }, first.watermark);
    expect(second.refs.sort()).toEqual(moved.sort());
    expect((await run({ status: 'shipped' }, second.watermark)).refs).toEqual([]);
  });

  it('writes a JSON watermark: our start time and the keys inside the overlap zone only', async () => {
    await connections.clientFor('cart').createOrder(validOrder('FRESH-3'));
    const before = Date.now();
    const { watermark } = await run({ status: 'new', deltaOverlapMinutes: 2 });
    const parsed = parseDeltaWatermark(watermark)!;
    expect(parsed.version).toBe(1);
    expect(Date.parse(parsed.since)).toBeGreaterThanOrEqual(before - 1);
    // Seeded orders are days old: only the fresh one can reappear in the next run's window.
    expect(parsed.overlapKeys.map(([ref]) => ref)).toEqual(['FRESH-3']);
  });

  it('re-emits an order that changed again inside the overlap zone', async () => {
    const [ref] = refsWithStatus('new');
    sandbox.control.setOrderStatus(ref, 'at_wms');
    const first = await run({ status: 'new_or_at_wms' });
    expect(first.refs).toContain(ref);

    // Same status list, same delivery date, but a newer update time (a new shipment detail).
    skippedMs += 1000; // update times have whole seconds: the next one is a second later
    sandbox.control.setOrderStatus(ref, 'at_wms');
    const second = await run({ status: 'new_or_at_wms' }, first.watermark);
    expect(second.refs).toEqual([ref]);
  });

  it('leaves no watermark when the run is interrupted', async () => {
    const context = exportContext('merchant', { delta: true, status: 'any', pageSize: 10 });
    for await (const record of operation.read(context)) {
      expect(record).toBeDefined();
      break;
    }
    expect(context.watermarks).toEqual([]);
  });

  it('starts the first run from fromDate, and accepts a bare timestamp as a watermark', async () => {
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await run({ status: 'any', fromDate: future })).refs).toEqual([]);
    expect((await run({ status: 'any' }, future)).refs).toEqual([]);
    await expect(run({ status: 'any' }, '{"version":2}')).rejects.toThrow(/watermark/);
  });
});
