import { connectionSummary } from 'cartrover-connector/contracts';
import type { ConnectionSummary } from 'cartrover-connector/contracts';
import type { StoredConnection } from '../store/stored-records';

/** What plugins may know of a stored connection: values without secrets, and which secrets exist. */
export function toSummary(stored: StoredConnection): ConnectionSummary {
  return connectionSummary({ id: stored.id, appId: stored.appId, name: stored.name, values: stored.values, storedSecrets: Object.keys(stored.secrets), offline: stored.offline });
}
