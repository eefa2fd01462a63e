import { HostError } from './host-error';

/** The resource named in the path does not exist (404). */
export class NotFoundError extends HostError {
  override readonly name = 'NotFoundError';

  constructor(what: string, id: string) {
    super(404, 'not_found', `${what} "${id}" does not exist`);
  }
}
