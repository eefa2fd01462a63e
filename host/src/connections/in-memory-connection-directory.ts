import type { ConnectionDirectory, ConnectionSummary } from 'cartrover-connector/contracts';

/**
 * Connections that live only in this process (the CLI's one-off connection): secrets are held in
 * clear in memory for the life of the command and never written anywhere.
 */
export class InMemoryConnectionDirectory implements ConnectionDirectory {
  readonly #connections = new Map<string, { summary: ConnectionSummary; secrets: Readonly<Record<string, string>> }>();

  add(summary: ConnectionSummary, secrets: Readonly<Record<string, string>>): void {
    this.#connections.set(summary.id, { summary, secrets });
  }

  async get(id: string): Promise<ConnectionSummary | undefined> {
    return this.#connections.get(id)?.summary;
  }

  async list(appId?: string): Promise<readonly ConnectionSummary[]> {
    return [...this.#connections.values()].map((entry) => entry.summary).filter((summary) => appId === undefined || summary.appId === appId);
  }

  async readSecret(connectionId: string, field: string): Promise<string | undefined> {
    return this.#connections.get(connectionId)?.secrets[field];
  }
}
