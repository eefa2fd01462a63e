import { HostError } from './host-error';

/** The request is valid but clashes with the current state (409): a lent connection, a failed test... */
export class ConflictError extends HostError {
  override readonly name = 'ConflictError';

  constructor(code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(409, code, message, details);
  }
}
