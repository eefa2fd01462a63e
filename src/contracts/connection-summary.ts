import { BORROW_CONCURRENCY_FIELD, CONCURRENCY_LEVEL_FIELD } from './connection';
import type { ConnectionSummary, ConnectionValues } from './connection';

/** What a host knows of a connection to describe it to plugins: never a secret, only which secrets exist. */
export interface ConnectionSummaryParts {
  readonly id: string;
  readonly appId: string;
  readonly name: string;
  /** Non-secret values, as the app's form normalised them. */
  readonly values: ConnectionValues;
  readonly storedSecrets: readonly string[];
  readonly offline: boolean;
}

/**
 * The one way a host builds a {@link ConnectionSummary} (the reference host, the CLI and Node-RED
 * alike), so the lender and the level are read from the values by one rule: a blank lender is
 * none; a level is a finite number, else null (the app's default); a borrower has no level of its
 * own (the lender's pool governs).
 */
export function connectionSummary(parts: ConnectionSummaryParts): ConnectionSummary {
  const lender = parts.values[BORROW_CONCURRENCY_FIELD];
  const level = parts.values[CONCURRENCY_LEVEL_FIELD];
  const borrowConcurrencyFrom = typeof lender === 'string' && lender !== '' ? lender : null;
  return {
    id: parts.id,
    appId: parts.appId,
    name: parts.name,
    values: parts.values,
    storedSecrets: parts.storedSecrets,
    borrowConcurrencyFrom,
    concurrencyLevel: borrowConcurrencyFrom === null && typeof level === 'number' && Number.isFinite(level) ? level : null,
    offline: parts.offline,
  };
}
