import type { ConnectionValues } from 'cartrover-connector/contracts';
import type { StoredConnection } from '../store/stored-records';
import { withoutKeptSecrets } from './secret-plan';

/**
 * The values a form, test or save works on: the given values (each secret that asks to keep the
 * stored one left out) over the stored connection's public values when one is named. No secret and
 * no mask is put in: the form knows which secrets are stored from its context.
 */
export function valuesOverStored(stored: StoredConnection | undefined, given: ConnectionValues, secretFields: readonly string[]): ConnectionValues {
  return { ...(stored?.values ?? {}), ...withoutKeptSecrets(given, secretFields) };
}
