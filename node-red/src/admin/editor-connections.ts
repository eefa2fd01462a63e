import { BORROW_CONCURRENCY_FIELD, CONNECTION_NAME_FIELD, connectionSummary } from 'cartrover-connector/contracts';
import { API_KEY_FIELD, API_USER_FIELD, CONCURRENCY_LEVEL_FIELD } from '../cartrover-connection-fields';
import type { ConnectionSummary, ConnectionValues, FormContext } from 'cartrover-connector/contracts';
import type { ConfigNodeDirectory } from '../runtime/config-node-directory';
import { levelOf } from '../runtime/deployed-connection';
import { CARTROVER_APP_ID } from '../runtime/plugin-loading';

/** What Node-RED's editor shows in a password input whose value is stored (and not sent back). */
export const NODE_RED_PASSWORD_PLACEHOLDER = '__PWRD__';

/** A `cartrover-connection` node as the editor has it (deployed or not): never a secret. */
export interface EditorConnection {
  readonly id: string;
  readonly name: string;
  readonly borrowConcurrencyFrom: string;
  readonly concurrencyLevel: string;
}

/** The body of the dialog's render and test requests. */
export interface DialogRequest {
  /** The dialog's values by field id. */
  readonly values: ConnectionValues;
  /** The node being edited. */
  readonly connectionId?: string;
  /** The editor's other `cartrover-connection` nodes: the lender candidates. */
  readonly connections: readonly EditorConnection[];
}

/** Reads a request body, or answers a sentence saying what is wrong with it. */
export function dialogRequestOf(body: unknown): DialogRequest | string {
  if (typeof body !== 'object' || body === null) return 'The body must be a JSON object { values, connectionId?, connections }';
  const { values, connectionId, connections } = body as Record<string, unknown>;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return 'values must be an object of the dialog\'s fields';
  if (connectionId !== undefined && typeof connectionId !== 'string') return 'connectionId must be the node id (a string)';
  if (connections !== undefined && !Array.isArray(connections)) return 'connections must be an array of the editor\'s connection nodes';
  const listed: EditorConnection[] = [];
  for (const entry of (connections ?? []) as unknown[]) {
    const candidate = entry as Record<string, unknown> | null;
    if (typeof candidate !== 'object' || candidate === null || typeof candidate.id !== 'string') return 'each of connections needs an id';
    listed.push({
      id: candidate.id,
      name: typeof candidate.name === 'string' ? candidate.name : '',
      borrowConcurrencyFrom: typeof candidate.borrowConcurrencyFrom === 'string' ? candidate.borrowConcurrencyFrom : '',
      concurrencyLevel: candidate.concurrencyLevel === undefined || candidate.concurrencyLevel === null ? '' : String(candidate.concurrencyLevel),
    });
  }
  return { values: values as ConnectionValues, ...(connectionId === undefined ? {} : { connectionId }), connections: listed };
}

/** The dialog's values for the plugin: Node-RED's stored-password placeholder means "keep the deployed key", which is an omitted key. */
export function pluginValuesOf(values: ConnectionValues): ConnectionValues {
  const copy = { ...values };
  if (copy[API_KEY_FIELD] === NODE_RED_PASSWORD_PLACEHOLDER) delete copy[API_KEY_FIELD];
  return copy;
}

/**
 * The form's context in the editor's world: connection ids are node ids, the candidates are the
 * editor's nodes (deployed or not; deployed ones that are offline say so), and the node being
 * edited carries what is deployed of it (its API user and whether a key is stored), so the form
 * shows the mask and asks for a new key when the API user changes.
 */
export function editorFormContext(request: DialogRequest, directory: ConfigNodeDirectory): FormContext {
  const summaries: ConnectionSummary[] = request.connections
    .filter((connection) => connection.id !== request.connectionId)
    .map((connection) => editorSummary(connection, directory, undefined));
  if (request.connectionId !== undefined) {
    const own = request.connections.find((connection) => connection.id === request.connectionId) ?? {
      id: request.connectionId,
      name: String(request.values[CONNECTION_NAME_FIELD] ?? ''),
      borrowConcurrencyFrom: '',
      concurrencyLevel: '',
    };
    summaries.push(editorSummary(own, directory, directory.deployed(request.connectionId)));
  }
  return { ...(request.connectionId === undefined ? {} : { connectionId: request.connectionId }), connections: summaries };
}

function editorSummary(connection: EditorConnection, directory: ConfigNodeDirectory, deployed: { apiUser: string; apiKey: string | undefined } | undefined): ConnectionSummary {
  const lender = connection.borrowConcurrencyFrom === '' ? null : connection.borrowConcurrencyFrom;
  const level = lender === null ? levelOf(connection.concurrencyLevel) : null;
  return connectionSummary({
    id: connection.id,
    appId: CARTROVER_APP_ID,
    name: connection.name,
    values: {
      [CONNECTION_NAME_FIELD]: connection.name,
      ...(deployed ? { [API_USER_FIELD]: deployed.apiUser } : {}),
      ...(lender === null ? {} : { [BORROW_CONCURRENCY_FIELD]: lender }),
      ...(level === null ? {} : { [CONCURRENCY_LEVEL_FIELD]: level }),
    },
    storedSecrets: deployed?.apiKey ? [API_KEY_FIELD] : [],
    offline: directory.offlineReason(connection.id) !== undefined,
  });
}
