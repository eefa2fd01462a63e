/**
 * The node set `cartrover` of node-red-contrib-cartrover (package.json `node-red.nodes`): Node-RED
 * calls this once per runtime with its `RED` API. It makes that runtime's plugin host and
 * registers the three node types and the editor's admin endpoints.
 */
import type { NodeRedApi } from './node-red-api';
import { registerFormEndpoints } from './admin/form-endpoints';
import { registerConnectionNode } from './nodes/cartrover-connection-node';
import { registerInNode } from './nodes/cartrover-in-node';
import { registerOutNode } from './nodes/cartrover-out-node';
import { CartRoverRuntime } from './runtime/cartrover-runtime';

function registerCartRoverNodes(RED: NodeRedApi): void {
  const runtime = new CartRoverRuntime(RED);
  registerConnectionNode(RED, runtime);
  registerInNode(RED, runtime);
  registerOutNode(RED, runtime);
  registerFormEndpoints(RED, runtime);
}

export = registerCartRoverNodes;
