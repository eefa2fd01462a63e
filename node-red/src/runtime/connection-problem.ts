import { BORROW_CONCURRENCY_FIELD, CONNECTION_NAME_FIELD } from 'cartrover-connector/contracts';
import { API_KEY_FIELD, API_USER_FIELD, CONCURRENCY_LEVEL_FIELD } from '../cartrover-connection-fields';
import type { AppContribution } from 'cartrover-connector/contracts';
import type { ConfigNodeDirectory } from './config-node-directory';
import type { DeployedConnection } from './deployed-connection';

/**
 * Why a deployed connection cannot be used, in one sentence, by the plugin's own form rules (the
 * same the editor's dialog shows): undefined when it is valid. A connection deployed invalid (the
 * editor lets one be saved) shows offline with this reason instead of failing request by request.
 */
export function connectionProblem(app: AppContribution, connection: DeployedConnection, directory: ConfigNodeDirectory): string | undefined {
  const connectionId = directory.pluginIdOf(connection.nodeId);
  const summaries = directory.summaries();
  const own = summaries.find((summary) => summary.id === connectionId);
  const values = {
    [CONNECTION_NAME_FIELD]: connection.name,
    [API_USER_FIELD]: connection.apiUser,
    [API_KEY_FIELD]: connection.apiKey ?? '',
    [BORROW_CONCURRENCY_FIELD]: own?.borrowConcurrencyFrom ?? '',
    [CONCURRENCY_LEVEL_FIELD]: connection.concurrencyLevel === null ? '' : String(connection.concurrencyLevel),
  };
  const context = { ...(connectionId === undefined ? {} : { connectionId }), connections: summaries };
  const validation = app.connectionForm.validate(values, context);
  if (validation.ok) {
    if (connection.lenderNodeId !== undefined && own?.borrowConcurrencyFrom === null) {
      return 'the connection it borrows concurrency from is not deployed (deploy it, or choose no lender)';
    }
    return undefined;
  }
  const labels = new Map(app.connectionForm.render(values, context).fields.map((field) => [field.id, field.label]));
  return Object.entries(validation.errors)
    .map(([field, message]) => `${labels.get(field) ?? field}: ${message}`)
    .join('; ');
}
