import { BORROW_CONCURRENCY_FIELD } from './connection';
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
 * alike), so the lender is read from the values by one rule: a blank lender is none. Any other
 * value (a level, say) is the app's to read.
 */
export function connectionSummary(parts: ConnectionSummaryParts): ConnectionSummary {
  const lender = parts.values[BORROW_CONCURRENCY_FIELD];
  const borrowConcurrencyFrom = typeof lender === 'string' && lender !== '' ? lender : null;
  return {
    id: parts.id,
    appId: parts.appId,
    name: parts.name,
    values: parts.values,
    storedSecrets: parts.storedSecrets,
    borrowConcurrencyFrom,
    offline: parts.offline,
  };
}
