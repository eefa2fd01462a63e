import { openImportSession, pumpRecords } from 'cartrover-connector/contracts';
import type { ImportOperation } from 'cartrover-connector/contracts';
import type { NodeDefinition, NodeMessage, NodeRedApi, NodeRedNode } from '../node-red-api';
import type { CartRoverRuntime } from '../runtime/cartrover-runtime';
import { OperationConfigCheck } from '../runtime/operation-config-check';
import { messageConfig, nodeConfigOf } from './node-config';
import { NodeFailure } from './node-failure';
import { NodeWork } from './node-work';
import { PoolStatus } from './pool-status';
import { failureSentence, outcomeOf, totalsOf } from './record-outcomes';
import type { RecordOutcome } from './record-outcomes';

export const OUT_NODE_TYPE = 'cartrover-out';
export const IMPORT_OPERATIONS = ['orders.create', 'orders.update', 'orders.cancel'] as const;

/**
 * `cartrover-out`, a destination: `msg.payload` (one record or an array) through an import
 * operation. Sends one message with the per-record outcomes (`msg.payload`, totals in
 * `msg.cartrover`), reports each failed record with `node.error(sentence, msg)` so a Catch node sees
 * it (that message's payload is the record), and calls `done()` once per message.
 */
export function registerOutNode(RED: NodeRedApi, runtime: CartRoverRuntime): void {
  const configCheck = new OperationConfigCheck();
  /** Sets up one node (called by its constructor, after `createNode`). */
  const setUp = (node: NodeRedNode, definition: NodeDefinition): void => {
    const connectionNodeId = typeof definition.connection === 'string' ? definition.connection : '';
    const operationId = typeof definition.operation === 'string' && definition.operation !== '' ? definition.operation : 'orders.create';
    const nodeConfig = nodeConfigOf(definition);
    const lease = runtime.use();
    const work = new NodeWork();
    const poolStatus = new PoolStatus(node, runtime, connectionNodeId);

    const fail = (text: string, done: (error?: Error) => void): void => {
      node.status({ fill: 'red', shape: 'ring', text: `offline: ${text}` });
      done(new NodeFailure(text));
    };

    const handle = async (message: NodeMessage, send: (message: NodeMessage) => void, done: (error?: Error) => void): Promise<void> => {
      if ('problem' in nodeConfig) return fail(nodeConfig.problem, done);
      const config = messageConfig(message, nodeConfig.config);
      if (typeof config === 'string') return fail(config, done);
      if (message.payload === undefined || message.payload === null) return fail('msg.payload must be a record or an array of records', done);
      let plugin;
      try {
        plugin = await runtime.ready();
      } catch (error) {
        return fail((error as Error).message, done);
      }
      const problem = runtime.problemOf(connectionNodeId);
      if (problem !== undefined) return fail(problem, done);
      const operation = plugin.app.operations.find((candidate): candidate is ImportOperation => candidate.role === 'destination' && candidate.id === operationId);
      if (!operation) return fail(`no import operation "${operationId}" (choose one of ${IMPORT_OPERATIONS.join(', ')})`, done);
      const configProblem = configCheck.problem(operation, config);
      if (configProblem !== undefined) return fail(configProblem, done);

      const records: readonly unknown[] = Array.isArray(message.payload) ? message.payload : [message.payload];
      const context = { connectionId: runtime.directory.pluginIdOf(connectionNodeId)!, config, signal: work.signal, logger: runtime.logger };
      const outcomes: RecordOutcome[] = [];
      poolStatus.begin();
      try {
        // The plugin contract's one pump: as many records in flight as the connection's pool allows, a freed place taken at once.
        const session = await openImportSession(operation, context);
        try {
          await pumpRecords(session, records, { onResult: (result) => void outcomes.push(outcomeOf(result, result.index)) });
        } finally {
          await session.close();
        }
      } catch (error) {
        return fail((error as Error).message, done);
      } finally {
        poolStatus.end();
      }
      for (const outcome of outcomes) {
        if (outcome.outcome === 'failed') node.error(failureSentence(outcome), { ...message, payload: records[outcome.index], cartrover: { operation: operationId, ...outcome } });
      }
      const totals = totalsOf(outcomes);
      const fill = totals.failed === 0 ? 'green' : totals.written + totals.skipped > 0 ? 'yellow' : 'red';
      node.status({ fill, shape: 'dot', text: `${totals.written} written, ${totals.skipped} skipped, ${totals.failed} failed` });
      send({ ...message, payload: outcomes, cartrover: { operation: operationId, ...totals } });
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
  RED.nodes.registerType(OUT_NODE_TYPE, function CartRoverOutNode(this: NodeRedNode, definition: NodeDefinition) {
    RED.nodes.createNode(this, definition);
    setUp(this, definition);
  });
}
