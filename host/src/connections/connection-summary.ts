import { BORROW_CONCURRENCY_FIELD, CONCURRENCY_LEVEL_FIELD } from 'cartrover-connector/contracts';
import type { ConnectionSummary } from 'cartrover-connector/contracts';
import type { StoredConnection } from '../store/stored-records';

/** What plugins may know of a stored connection: values without secrets, and which secrets exist. */
export function toSummary(stored: StoredConnection): ConnectionSummary {
  const lender = stored.values[BORROW_CONCURRENCY_FIELD];
  const level = stored.values[CONCURRENCY_LEVEL_FIELD];
  return {
    id: stored.id,
    appId: stored.appId,
    name: stored.name,
    values: stored.values,
    storedSecrets: Object.keys(stored.secrets),
    borrowConcurrencyFrom: typeof lender === 'string' && lender !== '' ? lender : null,
    concurrencyLevel: typeof level === 'number' && Number.isFinite(level) ? level : null,
    offline: stored.offline,
  };
}
