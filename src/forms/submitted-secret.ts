/**
 * What the form makes of a submitted secret (the update rules of a connection form). The form only
 * judges whether the field is satisfied; keeping or replacing the stored secret is the host's
 * decision (an omitted secret means "keep the stored one"). The mask a host shows for a stored
 * secret is never a value here: it does not come back in.
 * - `entered`: a new secret was typed;
 * - `omitted`: none typed, and a stored one still applies (the host keeps it);
 * - `missing`: none typed and none usable: `required` on create (or nothing stored), or
 *   `owner_changed` when the field the secret belongs to (the API user) changed, since a key
 *   belongs to its user and the stored one would be sent with the wrong user.
 */
export type SubmittedSecret =
  /** `value` is trimmed when a string; anything else is passed on for validation to reject. */
  | { readonly action: 'entered'; readonly value: unknown }
  | { readonly action: 'omitted' }
  | { readonly action: 'missing'; readonly reason: 'required' | 'owner_changed' };

export interface SubmittedSecretInput {
  /** The value as submitted (any type; only a non-blank string counts as typed). */
  readonly submitted: unknown;
  /** Whether the connection being edited has this secret stored (false on create): from the form's context. */
  readonly stored: boolean;
  /** Whether the value the secret belongs to differs from the stored one (e.g. a new API user). */
  readonly ownerChanged: boolean;
}

/** True for a value that means "no new secret": omitted, null or blank. */
export function isBlankSecret(submitted: unknown): boolean {
  if (submitted === undefined || submitted === null) return true;
  return typeof submitted === 'string' && submitted.trim() === '';
}

export function resolveSubmittedSecret(input: SubmittedSecretInput): SubmittedSecret {
  if (!isBlankSecret(input.submitted)) {
    // Pasted keys often carry a stray space or newline; CartRover keys never contain whitespace.
    const value = typeof input.submitted === 'string' ? input.submitted.trim() : input.submitted;
    return { action: 'entered', value };
  }
  if (!input.stored) return { action: 'missing', reason: 'required' };
  if (input.ownerChanged) return { action: 'missing', reason: 'owner_changed' };
  return { action: 'omitted' };
}
