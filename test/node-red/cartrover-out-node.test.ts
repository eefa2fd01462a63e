import { startSandbox } from '@cartrover/sandbox';
import type { SandboxServer } from '@cartrover/sandbox';
import cartroverNodes from '../../node-red/src/cartrover';
import { importableOrder } from '../support/importable-order';
import { waitFor } from '../support/wait-for';
import { collect, helper, nextMessage } from './support/node-red-helper';
import type { HelperNode } from './support/node-red-helper';

/** Every status the node shows, as it shows it. */
function statuses(node: HelperNode): Array<{ fill?: string; shape?: string; text?: string }> {
  const seen: Array<{ fill?: string; shape?: string; text?: string }> = [];
  node.on('call:status', (call) => seen.push((call as { args: Array<{ fill?: string; text?: string }> }).args[0]!));
  return seen;
}

/*
 * cartrover-out in the real Node-RED runtime (node-red-node-test-helper), against the sandbox over
 * real HTTP: per-record outcomes, failures to a Catch node, done() once per message, the level
 * held across a borrower and its lender, and a clean close while requests are in flight.
 */
const CREDENTIALS = {
  shop: { apiUser: 'demo-merchant', apiKey: 'demo-merchant-key' },
  cart: { apiUser: 'demo-cart', apiKey: 'demo-cart-key' },
};

/** Nodes on one tab (a Catch node sees the errors of its own flow); only config nodes lack x and y. */
function flow(extra: Record<string, unknown>[] = [], connection: Record<string, unknown> = {}): Record<string, unknown>[] {
  const nodes = [
    { id: 'shop', type: 'cartrover-connection', name: 'Shop', borrowConcurrencyFrom: '', concurrencyLevel: '3', ...connection },
    { id: 'out', type: 'cartrover-out', connection: 'shop', operation: 'orders.create', config: '', wires: [['results']] },
    { id: 'results', type: 'helper' },
    { id: 'catcher', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper' },
    { id: 'completer', type: 'complete', scope: ['out'], uncaught: false, wires: [['completed']] },
    { id: 'completed', type: 'helper' },
    ...extra,
  ];
  return [{ id: 'tab', type: 'tab', label: 'CartRover' }, ...nodes.map((node) => (node.type === 'cartrover-connection' ? node : { ...node, z: 'tab', x: 100, y: 100 }))];
}

describe('cartrover-out in Node-RED', () => {
  let sandbox: SandboxServer;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: false });
    helper.settings({ cartrover: { baseUrl: sandbox.url } });
  });

  afterEach(async () => {
    await helper.unload();
    sandbox.control.setLatency(0);
    sandbox.control.clearOrders();
    sandbox.control.resetCounters();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('creates each order once, reports per-record outcomes, and hands each failed record to a Catch node', async () => {
    await helper.load(cartroverNodes, flow(), { shop: CREDENTIALS.shop });
    const results = helper.getNode('results');
    const caught = collect(helper.getNode('caught'));
    const out = helper.getNode('out');
    const shown = statuses(out);
    const orders = [importableOrder('NR-1'), { cust_ref: 'NR-BAD' }, importableOrder('NR-2')];
    const arrived = nextMessage(results, 'the results of the first message');
    out.receive({ payload: orders, topic: 'first' });
    const message = await arrived;
    expect(message.topic).toBe('first');
    expect((message.payload as Array<{ outcome: string }>).map((outcome) => outcome.outcome)).toEqual(['written', 'failed', 'written']);
    expect(message.cartrover).toMatchObject({ operation: 'orders.create', written: 2, skipped: 0, failed: 1 });
    await waitFor(() => caught.length === 1, 'the Catch node to see the failed record');
    const error = caught[0]!.error as { message: string; source: { id: string } };
    expect(error.message).toMatch(/^Record 2 \(NR-BAD\) failed: /);
    expect(error.source.id).toBe('out');
    expect(caught[0]!.payload).toEqual({ cust_ref: 'NR-BAD' });
    expect(sandbox.control.counters().ordersCreated).toEqual({ 'NR-1': 1, 'NR-2': 1 });
    await waitFor(() => shown.at(-1)?.text === '2 written, 0 skipped, 1 failed', 'the last result in the status');
    expect(shown.at(-1)).toMatchObject({ fill: 'yellow', shape: 'dot' });

    // Sent again: nothing is created twice, the records are "skipped" (already existed).
    const again = nextMessage(results, 'the results of the second message');
    out.receive({ payload: importableOrder('NR-1') });
    expect(((await again).payload as Array<{ outcome: string; status: string }>)[0]).toMatchObject({ outcome: 'skipped', status: 'exists' });
    expect(sandbox.control.counters().ordersCreated).toEqual({ 'NR-1': 1, 'NR-2': 1 });
  });

  it('calls done() exactly once per message (a Complete node counts them), with no error when only records failed', async () => {
    await helper.load(cartroverNodes, flow(), { shop: CREDENTIALS.shop });
    const out = helper.getNode('out');
    const results = collect(helper.getNode('results'));
    const completed = collect(helper.getNode('completed'));
    const caught = collect(helper.getNode('caught'));
    for (let n = 0; n < 3; n += 1) out.receive({ payload: [importableOrder(`DONE-${n}`), { cust_ref: `DONE-BAD-${n}` }], topic: `m${n}` });
    await waitFor(() => results.length === 3 && completed.length === 3 && caught.length === 3, 'three results, three completions, three caught records');
    expect(completed.map((message) => message.topic).sort()).toEqual(['m0', 'm1', 'm2']);
    // done(error) would reach the Catch node as a fourth error: only the three records did.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(caught).toHaveLength(3);
    expect(completed).toHaveLength(3);
  });

  it('never has more than the lender\'s level in flight across a borrower and its lender (counted at the server)', async () => {
    sandbox.control.setLatency(40);
    sandbox.control.defineGroup('pool', ['demo-merchant', 'demo-cart']);
    const extra = [
      { id: 'borrower', type: 'cartrover-connection', name: 'Cart', borrowConcurrencyFrom: 'shop', concurrencyLevel: '' },
      { id: 'out2', type: 'cartrover-out', connection: 'borrower', operation: 'orders.create', config: '', wires: [['results2']] },
      { id: 'results2', type: 'helper' },
    ];
    await helper.load(cartroverNodes, flow(extra), { shop: CREDENTIALS.shop, borrower: CREDENTIALS.cart });
    const first = nextMessage(helper.getNode('results'), 'the lender\'s results');
    const second = nextMessage(helper.getNode('results2'), 'the borrower\'s results');
    helper.getNode('out').receive({ payload: Array.from({ length: 12 }, (_, n) => importableOrder(`L-${n}`)) });
    helper.getNode('out2').receive({ payload: Array.from({ length: 12 }, (_, n) => importableOrder(`B-${n}`)) });
    const [lender, borrower] = await Promise.all([first, second]);
    expect(lender.cartrover).toMatchObject({ written: 12, failed: 0 });
    expect(borrower.cartrover).toMatchObject({ written: 12, failed: 0 });
    const counters = sandbox.control.counters();
    expect(counters.groupMaxInFlight.pool).toBe(3);
    expect(Object.values(counters.ordersCreated).every((count) => count === 1)).toBe(true);
  });

  it('shows a connection that is not valid as offline with the reason, and fails the message once', async () => {
    await helper.load(cartroverNodes, flow([], { concurrencyLevel: '30' }), { shop: CREDENTIALS.shop });
    const caught = collect(helper.getNode('caught'));
    const shown = statuses(helper.getNode('out'));
    helper.getNode('out').receive({ payload: importableOrder('OFF-1') });
    await waitFor(() => caught.length === 1, 'the Catch node to see the failure');
    expect((caught[0]!.error as { message: string }).message).toMatch(/Concurrency level/i);
    await waitFor(() => shown.length > 0, 'the offline status');
    expect(shown.at(-1)).toMatchObject({ fill: 'red', shape: 'ring', text: `offline: ${(caught[0]!.error as { message: string }).message}` });
    expect(sandbox.control.counters().createAttempts).toEqual({});
  });

  it('closes cleanly while requests are in flight: they end, nothing more is sent', async () => {
    sandbox.control.setLatency(300);
    await helper.load(cartroverNodes, flow(), { shop: CREDENTIALS.shop });
    const shown = statuses(helper.getNode('out'));
    helper.getNode('out').receive({ payload: Array.from({ length: 20 }, (_, n) => importableOrder(`CLOSE-${n}`)) });
    await waitFor(() => (sandbox.control.counters().inFlight['demo-merchant'] ?? 0) === 3, 'three requests in flight');
    // While it works, the node shows its pool's load.
    await waitFor(() => shown.some((status) => /^3\/3 in flight, \d+ queued \(pool "Shop"\)$/.test(status.text ?? '')), 'the pool\'s load in the status');
    await helper.unload();
    const attempts = Object.keys(sandbox.control.counters().createAttempts).length;
    expect(attempts).toBeLessThan(20);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(Object.keys(sandbox.control.counters().createAttempts).length).toBe(attempts);
    await helper.load(cartroverNodes, flow(), { shop: CREDENTIALS.shop }); // afterEach unloads again
  });
});
