import type { ConnectionDirectory, ConnectionSummary } from '../contracts';

/**
 * Used only when the host stores no connections (a host that only tests unsaved values, or a
 * fresh container): every look-up finds nothing, so stored-connection features answer "unknown
 * connection" instead of the plugin failing to load.
 */
export class EmptyConnectionDirectory implements ConnectionDirectory {
  async get(): Promise<ConnectionSummary | undefined> {
    return undefined;
  }

  async list(): Promise<readonly ConnectionSummary[]> {
    return [];
  }

  async readSecret(): Promise<string | undefined> {
    return undefined;
  }
}
