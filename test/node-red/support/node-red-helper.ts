/**
 * node-red-node-test-helper (the real Node-RED runtime, in process), typed for what these tests
 * use. It runs the node set from source; the plugin is loaded through its manifest (the built entry).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the helper is CommonJS without types
const helper = require('node-red-node-test-helper') as NodeRedTestHelper;

helper.init(require.resolve('node-red'));

export interface HelperNode {
  readonly id: string;
  on(event: string, listener: (...args: unknown[]) => void): void;
  receive(message: Record<string, unknown>): void;
  context(): { get(key: string): unknown; set(key: string, value: unknown): void };
  status: { (...args: unknown[]): void; args?: unknown[][] };
  error: { args?: unknown[][] };
}

export interface SupertestLike {
  post(path: string): { send(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> };
}

export interface NodeRedTestHelper {
  init(runtimePath: string, settings?: Record<string, unknown>): void;
  settings(settings: Record<string, unknown>): Record<string, unknown>;
  load(nodes: unknown, flow: readonly Record<string, unknown>[], credentials?: Record<string, Record<string, string>>): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): HelperNode;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
  request(): SupertestLike;
}

export { helper };

/** The next message a helper node receives (with a bound, so a missing message fails the test). */
export function nextMessage(node: HelperNode, what: string, timeoutMs = 20_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message arrived: ${what}`)), timeoutMs);
    node.on('input', (message) => {
      clearTimeout(timer);
      resolve(message as Record<string, unknown>);
    });
  });
}

/** Collects every message a helper node receives. */
export function collect(node: HelperNode): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = [];
  node.on('input', (message) => seen.push(message as Record<string, unknown>));
  return seen;
}
