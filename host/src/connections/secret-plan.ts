import { SECRET_MASK } from 'cartrover-connector/contracts';
import type { ConnectionValues } from 'cartrover-connector/contracts';
import type { StoredConnection } from '../store/stored-records';

/** What happens to each secret on save: keep the stored ciphertext, or store a new plaintext. */
export interface SecretPlan {
  /** Validated values without any secret: what is stored in clear. */
  readonly publicValues: ConnectionValues;
  /** Stored ciphertexts to keep, by field. */
  readonly kept: Readonly<Record<string, string>>;
  /** New secrets in clear, by field: encrypt before storing, never log. */
  readonly entered: Readonly<Record<string, string>>;
}

/*
 * The host alone decides keep or replace, in this file. A secret a caller sends is either a new
 * one, or "keep the stored one": omitted, blank, or the mask `******` this host shows for a stored
 * secret (a REST client or a page may echo what it was shown). `withoutKeptSecrets` turns every
 * "keep" into an omission before the values reach the plugin's form (so the mask never travels
 * into the plugin as a value); the form judges from its context whether a stored secret applies
 * (it asks for a new one on create or for a new API user); `planSecrets` then keeps the stored
 * ciphertext of each secret the validated values omit.
 */

/** The given values with each secret that asks to keep the stored one (omitted, blank, the shown mask) left out. */
export function withoutKeptSecrets(given: ConnectionValues, secretFields: readonly string[]): ConnectionValues {
  const values: ConnectionValues = { ...given };
  for (const field of secretFields) {
    const value = values[field];
    if (value === undefined || value === null || (typeof value === 'string' && (value.trim() === '' || value.trim() === SECRET_MASK))) delete values[field];
  }
  return values;
}

/**
 * Splits validated values into public values and secrets: a secret the form passed on is new; an
 * omitted one keeps the stored ciphertext (where the form allowed that), or stays unset.
 */
export function planSecrets(values: ConnectionValues, stored: StoredConnection | undefined, secretFields: readonly string[]): SecretPlan {
  const publicValues: ConnectionValues = { ...values };
  const kept: Record<string, string> = {};
  const entered: Record<string, string> = {};
  for (const field of secretFields) {
    const value = values[field];
    delete publicValues[field];
    const storedCiphertext = stored?.secrets[field];
    if (value !== undefined && value !== null && value !== '') entered[field] = String(value);
    else if (storedCiphertext !== undefined) kept[field] = storedCiphertext;
  }
  return { publicValues, kept, entered };
}
