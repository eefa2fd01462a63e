import { SECRET_MASK } from 'cartrover-connector/contracts';
import type { ConnectionValues } from 'cartrover-connector/contracts';
import { ValidationError } from '../errors/validation-error';
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

/**
 * Splits validated values into public values and secrets. An omitted secret or the mask keeps
 * the stored one (the form already demanded a new one where that is not allowed); an empty one
 * clears it; the mask with nothing stored is an error, never saved as a "secret".
 */
export function planSecrets(values: ConnectionValues, stored: StoredConnection | undefined, secretFields: readonly string[], labelOf: (field: string) => string = () => 'secret'): SecretPlan {
  const publicValues: ConnectionValues = { ...values };
  const kept: Record<string, string> = {};
  const entered: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const field of secretFields) {
    const value = values[field];
    delete publicValues[field];
    const storedCiphertext = stored?.secrets[field];
    if (value === undefined || value === SECRET_MASK) {
      if (storedCiphertext !== undefined) kept[field] = storedCiphertext;
      else if (value === SECRET_MASK) errors[field] = `Enter the ${labelOf(field)}: none is stored yet to keep`;
    } else if (value !== null && value !== '') {
      entered[field] = String(value);
    }
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { publicValues, kept, entered };
}
