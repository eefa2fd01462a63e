import type { ConnectionDirectory, ConnectionSummary } from 'cartrover-connector/contracts';
import type { HostStore } from '../store/host-store';
import { toSummary } from './connection-summary';
import type { SecretCipherSource } from './secret-cipher-source';
import { SecretUnreadableError } from './secret-unreadable-error';

/** The contract's connection directory, read from the host store at request time. */
export class StoredConnectionDirectory implements ConnectionDirectory {
  constructor(
    private readonly store: HostStore,
    private readonly cipher: SecretCipherSource,
  ) {}

  async get(id: string): Promise<ConnectionSummary | undefined> {
    const stored = this.store.connections.get(id);
    return stored && toSummary(stored);
  }

  async list(appId?: string): Promise<readonly ConnectionSummary[]> {
    return this.store.connections.list(appId).map(toSummary);
  }

  async readSecret(connectionId: string, field: string): Promise<string | undefined> {
    const ciphertext = this.store.connections.get(connectionId)?.secrets[field];
    return ciphertext === undefined ? undefined : this.decrypt(connectionId, field, ciphertext);
  }

  /** The connection id is the authenticated context: a ciphertext copied elsewhere fails. */
  decrypt(connectionId: string, field: string, ciphertext: string): string {
    try {
      return this.cipher().decrypt(ciphertext, connectionId);
    } catch (error) {
      throw new SecretUnreadableError(connectionId, field, (error as Error).message);
    }
  }
}
