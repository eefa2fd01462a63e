import { BORROW_CONCURRENCY_FIELD, CONNECTION_NAME_FIELD, connectionSummary } from 'cartrover-connector/contracts';
import { API_KEY_FIELD, API_USER_FIELD, CONCURRENCY_LEVEL_FIELD } from '../cartrover-connection-fields';
import type { ConnectionDirectory, ConnectionSummary } from 'cartrover-connector/contracts';
import type { DeployedConnection } from './deployed-connection';
import { CARTROVER_APP_ID } from './plugin-loading';
import { pluginConnectionId } from './plugin-connection-id';

/**
 * The connection directory of one Node-RED runtime: its deployed `cartrover-connection` config
 * nodes, under the ids the plugin knows them by ({@link pluginConnectionId}). A lender is named by
 * its node id in the flows and by its plugin id here.
 */
export class ConfigNodeDirectory implements ConnectionDirectory {
  readonly #byNodeId = new Map<string, DeployedConnection>();
  readonly #offline = new Map<string, string>();

  put(connection: DeployedConnection): void {
    this.#byNodeId.set(connection.nodeId, connection);
  }

  remove(nodeId: string): void {
    this.#byNodeId.delete(nodeId);
    this.#offline.delete(nodeId);
  }

  /** Marks a node's connection offline with the reason (or online again with undefined). */
  setOffline(nodeId: string, reason: string | undefined): void {
    if (reason === undefined) this.#offline.delete(nodeId);
    else this.#offline.set(nodeId, reason);
  }

  offlineReason(nodeId: string): string | undefined {
    return this.#offline.get(nodeId);
  }

  deployed(nodeId: string): DeployedConnection | undefined {
    return this.#byNodeId.get(nodeId);
  }

  all(): DeployedConnection[] {
    return [...this.#byNodeId.values()];
  }

  /** The plugin id of a deployed node's connection. */
  pluginIdOf(nodeId: string): string | undefined {
    const connection = this.#byNodeId.get(nodeId);
    return connection ? pluginConnectionId(connection.nodeId, connection.apiUser) : undefined;
  }

  /** Every deployed connection as the plugin sees it. */
  summaries(): ConnectionSummary[] {
    return [...this.#byNodeId.values()].map((connection) => this.#summary(connection));
  }

  async get(id: string): Promise<ConnectionSummary | undefined> {
    return this.summaries().find((summary) => summary.id === id);
  }

  async list(appId?: string): Promise<readonly ConnectionSummary[]> {
    return appId === undefined || appId === CARTROVER_APP_ID ? this.summaries() : [];
  }

  async readSecret(connectionId: string, field: string): Promise<string | undefined> {
    if (field !== API_KEY_FIELD) return undefined;
    return [...this.#byNodeId.values()].find((connection) => pluginConnectionId(connection.nodeId, connection.apiUser) === connectionId)?.apiKey;
  }

  #summary(connection: DeployedConnection): ConnectionSummary {
    // A lender that is not deployed (deleted, or disabled) lends nothing: the borrower is its own root.
    const lenderId = connection.lenderNodeId === undefined ? undefined : this.pluginIdOf(connection.lenderNodeId);
    return connectionSummary({
      id: pluginConnectionId(connection.nodeId, connection.apiUser),
      appId: CARTROVER_APP_ID,
      name: connection.name,
      values: {
        [CONNECTION_NAME_FIELD]: connection.name,
        [API_USER_FIELD]: connection.apiUser,
        ...(lenderId === undefined ? {} : { [BORROW_CONCURRENCY_FIELD]: lenderId }),
        ...(connection.concurrencyLevel === null || lenderId !== undefined ? {} : { [CONCURRENCY_LEVEL_FIELD]: connection.concurrencyLevel }),
      },
      storedSecrets: connection.apiKey ? [API_KEY_FIELD] : [],
      offline: this.#offline.has(connection.nodeId),
    });
  }
}
