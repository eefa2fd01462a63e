import { SECRET_MASK } from 'cartrover-connector/contracts';
import type { ConnectionValues } from 'cartrover-connector/contracts';
import type { StoredConnection } from '../store/stored-records';

/**
 * The values a form, test or update works on when a stored connection is named: the given values
 * over the stored ones, and the mask standing in for each stored secret the caller left out.
 */
export function valuesOverStored(stored: StoredConnection | undefined, given: ConnectionValues, secretFields: readonly string[]): ConnectionValues {
  if (!stored) return { ...given };
  const merged: ConnectionValues = { ...stored.values };
  for (const field of secretFields) {
    if (stored.secrets[field] !== undefined) merged[field] = SECRET_MASK;
  }
  return { ...merged, ...given };
}
