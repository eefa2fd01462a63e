import type { ExportOperation } from 'cartrover-connector/contracts';
import type { NodeDefinition, NodeMessage, NodeRedApi, NodeRedNode } from '../node-red-api';
import type { CartRoverRuntime } from '../runtime/cartrover-runtime';
import { OperationConfigCheck } from '../runtime/operation-config-check';
import { messageConfig, nodeConfigOf } from './node-config';
import { NodeFailure } from './node-failure';
import { NodeWork } from './node-work';
import { PoolStatus } from './pool-status';

export const IN_NODE_TYPE = 'cartrover-in';
export const EXPORT_OPERATIONS = ['orders', 'inventory', 'products'] as const;
/** Node context key of the orders delta watermark (per operation). */
export const WATERMARK_KEY = 'watermark';

/**
 * `cartrover-in`, a source: each input message runs one export and sends its records, one message
 * per record (`output: "records"`, the default) or one message whose payload is the array
 * (`output: "array"`). The delta watermark is kept in the node's context, and only after an export
 * that finished, so the next run continues where the last one stopped and skips nothing.
 */
export function registerInNode(RED: NodeRedApi, runtime: CartRoverRuntime): void {
  const configCheck = new OperationConfigCheck();
  /** Sets up one node (called by its constructor, after `createNode`). */
  const setUp = (node: NodeRedNode, definition: NodeDefinition): void => {
    const connectionNodeId = typeof definition.connection === 'string' ? definition.connection : '';
    const operationId = typeof definition.operation === 'string' && definition.operation !== '' ? definition.operation : 'orders';
    const asArray = definition.output === 'array';
    const nodeConfig = nodeConfigOf(definition);
    const lease = runtime.use();
    const work = new NodeWork();
    const poolStatus = new PoolStatus(node, runtime, connectionNodeId);
    const watermarkKey = `${WATERMARK_KEY}:${operationId}`;

    const fail = (text: string, done: (error?: Error) => void): void => {
      node.status({ fill: 'red', shape: 'ring', text: `offline: ${text}` });
      done(new NodeFailure(text));
    };

    const handle = async (message: NodeMessage, send: (message: NodeMessage) => void, done: (error?: Error) => void): Promise<void> => {
      if ('problem' in nodeConfig) return fail(nodeConfig.problem, done);
      const config = messageConfig(message, nodeConfig.config);
      if (typeof config === 'string') return fail(config, done);
      let plugin;
      try {
        plugin = await runtime.ready();
      } catch (error) {
        return fail((error as Error).message, done);
      }
      const problem = runtime.problemOf(connectionNodeId);
      if (problem !== undefined) return fail(problem, done);
      const operation = plugin.app.operations.find((candidate): candidate is ExportOperation => candidate.role === 'source' && candidate.id === operationId);
      if (!operation) return fail(`no export operation "${operationId}" (choose one of ${EXPORT_OPERATIONS.join(', ')})`, done);
      const configProblem = configCheck.problem(operation, config);
      if (configProblem !== undefined) return fail(configProblem, done);

      const stored = node.context().get(watermarkKey);
      let newWatermark: string | undefined;
      const context = {
        connectionId: runtime.directory.pluginIdOf(connectionNodeId)!,
        config,
        signal: work.signal,
        logger: runtime.logger,
        ...(typeof stored === 'string' ? { watermark: stored } : {}),
        setWatermark: (watermark: string) => {
          newWatermark = watermark;
        },
      };
      const { _msgid: _ignored, ...rest } = message;
      const records: Record<string, unknown>[] = [];
      let count = 0;
      poolStatus.begin();
      try {
        for await (const record of operation.read(context)) {
          if (asArray) records.push(record);
          else send({ ...rest, payload: record, cartrover: { operation: operationId, index: count } });
          count += 1;
        }
      } catch (error) {
        return fail((error as Error).message, done);
      } finally {
        poolStatus.end();
      }
      if (newWatermark !== undefined) node.context().set(watermarkKey, newWatermark);
      if (asArray) send({ ...message, payload: records, cartrover: { operation: operationId, count } });
      node.status({ fill: 'green', shape: 'dot', text: `${count} ${count === 1 ? 'record' : 'records'}` });
      done();
    };

    node.on('input', (message, send, done) => work.run(() => handle(message, send, done)));
    node.on('close', (_removed, done) => {
      poolStatus.stop();
      void work
        .close('The node was closed (redeploy or shutdown)')
        .then(() => lease.release())
        .catch((error: unknown) => RED.log.warn(`[cartrover] closing ${node.id}: ${(error as Error).message}`))
        .finally(() => {
          poolStatus.stop();
          done();
        });
    });
  };
  RED.nodes.registerType(IN_NODE_TYPE, function CartRoverInNode(this: NodeRedNode, definition: NodeDefinition) {
    RED.nodes.createNode(this, definition);
    setUp(this, definition);
  });
}
