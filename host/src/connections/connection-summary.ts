import { connectionSummary } from 'cartrover-connector/contracts';
import type { ConnectionSummary } from 'cartrover-connector/contracts';
import type { StoredConnection } from '../store/stored-records';

/** Summaries of the stored connections the repository keeps between reads, made once each. */
const summaries = new WeakMap<StoredConnection, ConnectionSummary>();

/** What plugins may know of a stored connection: values without secrets, and which secrets exist. */
export function toSummary(stored: StoredConnection): ConnectionSummary {
  let summary = summaries.get(stored);
  if (summary === undefined) {
    summary = connectionSummary({ id: stored.id, appId: stored.appId, name: stored.name, values: stored.values, storedSecrets: Object.keys(stored.secrets), offline: stored.offline });
    summaries.set(stored, summary);
  }
  return summary;
}
