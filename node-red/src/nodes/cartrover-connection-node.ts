import { API_KEY_FIELD, API_USER_FIELD } from '../cartrover-connection-fields';
import type { NodeDefinition, NodeRedApi, NodeRedNode } from '../node-red-api';
import type { CartRoverRuntime } from '../runtime/cartrover-runtime';
import { levelOf } from '../runtime/deployed-connection';

export const CONNECTION_NODE_TYPE = 'cartrover-connection';

/**
 * `cartrover-connection`, the config node: a CartRover connection. Properties carry the plugin's
 * field ids (`name`, `borrowConcurrencyFrom`: another connection node's id, `concurrencyLevel`);
 * credentials `apiUser` (text) and `apiKey` (password: Node-RED keeps it encrypted in
 * flows_cred.json and never sends it back to the editor).
 */
export function registerConnectionNode(RED: NodeRedApi, runtime: CartRoverRuntime): void {
  RED.nodes.registerType(
    CONNECTION_NODE_TYPE,
    function CartRoverConnectionNode(this: NodeRedNode, definition: NodeDefinition) {
      RED.nodes.createNode(this, definition);
      setUp(this, definition);
    },
    { credentials: { [API_USER_FIELD]: { type: 'text' }, [API_KEY_FIELD]: { type: 'password' } } },
  );

  /** Sets up one node (called by its constructor, after `createNode`). */
  function setUp(node: NodeRedNode, definition: NodeDefinition): void {
    const lease = runtime.use();
    const credentials = node.credentials ?? {};
    const lender = typeof definition.borrowConcurrencyFrom === 'string' && definition.borrowConcurrencyFrom !== '' ? definition.borrowConcurrencyFrom : undefined;
    runtime.putConnection({
      nodeId: node.id,
      name: typeof definition.name === 'string' ? definition.name : '',
      apiUser: credentials[API_USER_FIELD] ?? '',
      apiKey: credentials[API_KEY_FIELD],
      lenderNodeId: lender,
      concurrencyLevel: levelOf(definition.concurrencyLevel),
    });
    node.on('close', (_removed, done) => {
      runtime.removeConnection(node.id);
      void lease
        .release()
        .catch((error: unknown) => RED.log.warn(`[cartrover] closing ${node.id}: ${(error as Error).message}`))
        .finally(() => done());
    });
  }
}
