import { SECRET_MASK } from '../contracts';

/**
 * What a submitted secret means for the stored one (the update rules of the connection form):
 * - `replace`: a new secret was entered;
 * - `keep`: blank, omitted or the mask `******`, and a secret is stored that still applies;
 * - `missing`: none entered and none usable: `required` on create (or nothing stored), or
 *   `owner_changed` when the field the secret belongs to (the API user) changed, since a key
 *   belongs to its user and the stored one would be sent with the wrong user.
 */
export type SubmittedSecret =
  /** `value` is trimmed when a string; anything else is passed on for validation to reject. */
  | { readonly action: 'replace'; readonly value: unknown }
  | { readonly action: 'keep' }
  | { readonly action: 'missing'; readonly reason: 'required' | 'owner_changed' };

export interface SubmittedSecretInput {
  /** The value as submitted (any type; only a non-blank string other than the mask counts). */
  readonly submitted: unknown;
  /** Whether the connection being updated has this secret stored (false on create). */
  readonly stored: boolean;
  /** Whether the value the secret belongs to differs from the stored one (e.g. a new API user). */
  readonly ownerChanged: boolean;
}

/** True for a value that means "no new secret": omitted, null, blank or the mask. */
export function isBlankOrMask(submitted: unknown): boolean {
  if (submitted === undefined || submitted === null) return true;
  if (typeof submitted !== 'string') return false;
  const trimmed = submitted.trim();
  return trimmed === '' || trimmed === SECRET_MASK;
}

export function resolveSubmittedSecret(input: SubmittedSecretInput): SubmittedSecret {
  if (!isBlankOrMask(input.submitted)) {
    // Pasted keys often carry a stray space or newline; CartRover keys never contain whitespace.
    const value = typeof input.submitted === 'string' ? input.submitted.trim() : input.submitted;
    return { action: 'replace', value };
  }
  if (!input.stored) return { action: 'missing', reason: 'required' };
  if (input.ownerChanged) return { action: 'missing', reason: 'owner_changed' };
  return { action: 'keep' };
}
