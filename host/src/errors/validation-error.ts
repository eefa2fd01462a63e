import { HostError } from './host-error';

/** Well-formed input with invalid values (422), with a message per field. */
export class ValidationError extends HostError {
  override readonly name = 'ValidationError';

  constructor(readonly errors: Readonly<Record<string, string>>, message?: string) {
    const fields = Object.keys(errors);
    super(422, 'validation_failed', message ?? `Invalid ${fields.length === 1 ? 'value' : 'values'}: ${fields.map((field) => `${field}: ${errors[field]}`).join('; ')}`, { errors });
  }
}
