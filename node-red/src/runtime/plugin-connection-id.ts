import { createHash } from 'node:crypto';

/**
 * The id under which the plugin knows a `cartrover-connection` config node: derived from the
 * node's id and its API user. The plugin's pool id is its root connection's id, so two Node-RED
 * instances deploying the same flows (same node ids) share one pool on one Redis, while a node
 * whose API user is changed (another CartRover account) gets a pool of its own. Hashed: ids end up
 * in Redis keys and logs, API users need not.
 */
export function pluginConnectionId(nodeId: string, apiUser: string): string {
  return `node-red-${createHash('sha256').update(JSON.stringify([nodeId, apiUser])).digest('hex').slice(0, 16)}`;
}
