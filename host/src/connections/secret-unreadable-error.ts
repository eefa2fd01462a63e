import { HostError } from '../errors/host-error';

/**
 * A stored secret does not decrypt: the data was encrypted with another master key, or altered.
 * Not the caller's fault (500), but said plainly, with what to do.
 */
export class SecretUnreadableError extends HostError {
  override readonly name = 'SecretUnreadableError';

  constructor(connectionId: string, field: string, reason: string) {
    super(500, 'secret_unreadable', `The stored ${field} of connection ${connectionId} cannot be decrypted (${reason}). Start the host with the master key it was saved with, or enter the ${field} again.`);
  }
}
