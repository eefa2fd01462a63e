import { startSandbox } from '@cartrover/sandbox';
import type { SandboxServer } from '@cartrover/sandbox';
import cartroverNodes from '../../node-red/src/cartrover';
import { waitFor } from '../support/wait-for';
import { collect, helper, nextMessage } from './support/node-red-helper';

/* cartrover-in in the real Node-RED runtime against the sandbox (seeded orders) over real HTTP. */
const CREDENTIALS = { shop: { apiUser: 'demo-merchant', apiKey: 'demo-merchant-key' } };

function flow(inNode: Record<string, unknown>): Record<string, unknown>[] {
  return [
    { id: 'tab', type: 'tab', label: 'CartRover' },
    { id: 'shop', type: 'cartrover-connection', name: 'Shop', borrowConcurrencyFrom: '', concurrencyLevel: '' },
    { id: 'in', type: 'cartrover-in', z: 'tab', x: 100, y: 100, connection: 'shop', wires: [['records']], ...inNode },
    { id: 'records', type: 'helper', z: 'tab', x: 100, y: 100 },
    { id: 'catcher', type: 'catch', z: 'tab', x: 100, y: 100, scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', z: 'tab', x: 100, y: 100 },
  ];
}

describe('cartrover-in in Node-RED', () => {
  let sandbox: SandboxServer;

  beforeAll(async () => {
    sandbox = await startSandbox();
    helper.settings({ cartrover: { baseUrl: sandbox.url } });
  });

  afterEach(async () => {
    await helper.unload();
    sandbox.control.setBucket({ capacity: 100, refillMs: 600 }); // each test starts with CartRover's full allowance
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('sends one message with the array of records, or one message per record', async () => {
    await helper.load(cartroverNodes, flow({ operation: 'orders', config: '{"status":"new"}', output: 'array' }), CREDENTIALS);
    const arrived = nextMessage(helper.getNode('records'), 'the array of new orders');
    helper.getNode('in').receive({ topic: 'poll' });
    const message = await arrived;
    const orders = message.payload as Array<{ cust_ref: string }>;
    const newOrders = sandbox.control.orders().filter((order) => order.order_status === 'new');
    expect(orders.map((order) => order.cust_ref).sort()).toEqual(newOrders.map((order) => order.cust_ref).sort());
    expect(message).toMatchObject({ topic: 'poll', cartrover: { operation: 'orders', count: orders.length } });
    await helper.unload();

    await helper.load(cartroverNodes, flow({ operation: 'inventory', config: '', output: 'records' }), CREDENTIALS);
    const records = collect(helper.getNode('records'));
    const completed = new Promise<void>((resolve) => helper.getNode('in').on('call:status', (call) => {
      const [status] = (call as { args: Array<{ fill?: string }> }).args;
      if (status?.fill === 'green') resolve();
    }));
    helper.getNode('in').receive({});
    await completed;
    expect(records.length).toBeGreaterThan(100); // 250 SKUs, read page by page
    expect(new Set(records.map((record) => (record.payload as { sku: string }).sku)).size).toBe(records.length);
  });

  it('takes msg.config over the node\'s, and keeps the delta watermark in the node context so the next run continues', async () => {
    // The default cool-down (the request timeout, 30 s) is in force: the read-ahead page requests the
    // export aborts itself give their permits back at once, so the export does not stall.
    helper.settings({ cartrover: { baseUrl: sandbox.url } });
    await helper.load(cartroverNodes, flow({ operation: 'orders', config: '{"status":"canceled"}', output: 'array' }), CREDENTIALS);
    const inNode = helper.getNode('in');
    const caught = collect(helper.getNode('caught'));
    const first = nextMessage(helper.getNode('records'), 'the first delta run').catch((error: Error) => {
      throw new Error(`${error.message}; caught: ${JSON.stringify(caught.map((message) => message.error))}`);
    });
    inNode.receive({ config: { status: 'any', delta: true } });
    const firstOrders = (await first).payload as unknown[];
    expect(firstOrders.length).toBe(sandbox.control.orders().length);
    expect(typeof inNode.context().get('watermark:orders')).toBe('string');

    const second = nextMessage(helper.getNode('records'), 'the second delta run');
    inNode.receive({ config: { status: 'any', delta: true } });
    // The overlap is de-duplicated: nothing changed since, so nothing comes again.
    expect((await second).payload).toEqual([]);
    helper.settings({ cartrover: { baseUrl: sandbox.url } });
  });

  it('refuses a config its operation does not accept, with a sentence, before any request', async () => {
    await helper.load(cartroverNodes, flow({ operation: 'orders', config: '{"status":"lost"}', output: 'array' }), CREDENTIALS);
    const caught = collect(helper.getNode('caught'));
    sandbox.control.resetCounters();
    helper.getNode('in').receive({});
    await waitFor(() => caught.length === 1, 'the Catch node to see the refusal');
    expect((caught[0]!.error as { message: string }).message).toMatch(/^The config of orders is not valid: config\.status must be one of "new", /);
    expect(sandbox.control.counters().requests).toEqual({});
  });
});
