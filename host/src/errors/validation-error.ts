import { HostError } from './host-error';

/**
 * Well-formed input with invalid values (422): `errors` by field for programs, and `messages`, the
 * same fields as sentences for people (about the field's label; the errors themselves when absent).
 */
export class ValidationError extends HostError {
  override readonly name = 'ValidationError';

  constructor(readonly errors: Readonly<Record<string, string>>, message?: string, messages?: Readonly<Record<string, string>>) {
    const fields = Object.keys(errors);
    super(422, 'validation_failed', message ?? `Invalid ${fields.length === 1 ? 'value' : 'values'}: ${fields.map((field) => `${field}: ${errors[field]}`).join('; ')}`, { errors, messages: { ...errors, ...messages } });
  }
}
