import { performance } from 'node:perf_hooks';
import cartroverNodes from '../../node-red/src/cartrover';

interface NodeRedTestHelper {
  init(runtimePath: string): void;
  settings(settings: Record<string, unknown>): void;
  load(nodes: unknown, flow: unknown[], credentials: Record<string, Record<string, string>>): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): { on(event: string, listener: (message: Record<string, unknown>) => void): void; receive(message: Record<string, unknown>): void };
}

/**
 * Node-RED's real runtime in this process (node-red-node-test-helper) with the connector's nodes,
 * pointed at a CartRover stand-in: the `cartrover-out` side of the import benches.
 */
export class NodeRedImport {
  private constructor(private readonly helper: NodeRedTestHelper) {}

  static start(cartroverUrl: string): NodeRedImport {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS without types
    const helper = require('node-red-node-test-helper') as NodeRedTestHelper;
    helper.init(require.resolve('node-red'));
    helper.settings({ cartrover: { baseUrl: cartroverUrl }, logging: { console: { level: 'warn' } } });
    return new NodeRedImport(helper);
  }

  /** The records in one message to a `cartrover-out` node on a connection of `level`; seconds until its result message. */
  async importOrders(records: readonly Record<string, unknown>[], level: number, credentials: { apiUser: string; apiKey: string }): Promise<number> {
    const flow = [
      { id: 'tab', type: 'tab', label: 'bench' },
      { id: 'shop', type: 'cartrover-connection', name: 'Bench', borrowConcurrencyFrom: '', concurrencyLevel: String(level) },
      { id: 'out', type: 'cartrover-out', z: 'tab', x: 100, y: 100, connection: 'shop', operation: 'orders.create', config: '', wires: [['results']] },
      { id: 'results', type: 'helper', z: 'tab', x: 100, y: 100 },
    ];
    await this.helper.load(cartroverNodes, flow, { shop: credentials });
    try {
      const result = new Promise<Record<string, unknown>>((resolve) => this.helper.getNode('results').on('input', resolve));
      const started = performance.now();
      this.helper.getNode('out').receive({ payload: records });
      const message = await result;
      const seconds = (performance.now() - started) / 1000;
      const totals = message.cartrover as { written: number };
      if (totals.written !== records.length) throw new Error(`cartrover-out wrote ${totals.written} of ${records.length}`);
      return seconds;
    } finally {
      await this.helper.unload();
    }
  }
}
