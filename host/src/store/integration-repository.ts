import type { Database } from 'better-sqlite3';
import type { StoredIntegration } from './stored-records';

interface IntegrationRow {
  id: string;
  name: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Integrations and the connections registered to them. */
export class IntegrationRepository {
  constructor(private readonly db: Database) {}

  insert(integration: { id: string; name: string; createdAt: string }): void {
    this.db
      .prepare('INSERT INTO integrations (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(integration.id, integration.name, integration.createdAt, integration.createdAt);
  }

  get(id: string): StoredIntegration | undefined {
    const row = this.db.prepare('SELECT * FROM integrations WHERE id = ?').get(id) as IntegrationRow | undefined;
    return row && this.#withConnections(row);
  }

  list(): StoredIntegration[] {
    const rows = this.db.prepare('SELECT * FROM integrations ORDER BY created_at, rowid').all() as IntegrationRow[];
    return rows.map((row) => this.#withConnections(row));
  }

  /** Registers each id once (registering twice is not an error). */
  register(integrationId: string, connectionIds: readonly string[], at: string): void {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO integration_connections (integration_id, connection_id, registered_at) VALUES (?, ?, ?)',
    );
    for (const connectionId of connectionIds) insert.run(integrationId, connectionId, at);
    this.#touch(integrationId, at);
  }

  deregister(integrationId: string, connectionId: string, at: string): void {
    this.db.prepare('DELETE FROM integration_connections WHERE integration_id = ? AND connection_id = ?').run(integrationId, connectionId);
    this.#touch(integrationId, at);
  }

  rename(id: string, name: string, at: string): void {
    this.db.prepare('UPDATE integrations SET name = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(name, at, id);
  }

  /** Deletes the integration and its registrations (its flows must be gone first). */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM integrations WHERE id = ?').run(id).changes === 1;
  }

  isRegistered(integrationId: string, connectionId: string): boolean {
    return this.db.prepare('SELECT 1 FROM integration_connections WHERE integration_id = ? AND connection_id = ?').get(integrationId, connectionId) !== undefined;
  }

  /** Every change of the registrations is an edit of the integration: its version moves on. */
  #touch(integrationId: string, at: string): void {
    this.db.prepare('UPDATE integrations SET updated_at = ?, version = version + 1 WHERE id = ?').run(at, integrationId);
  }

  #withConnections(row: IntegrationRow): StoredIntegration {
    const connectionIds = this.db
      .prepare('SELECT connection_id FROM integration_connections WHERE integration_id = ? ORDER BY registered_at, rowid')
      .pluck()
      .all(row.id) as string[];
    return { id: row.id, name: row.name, connectionIds, version: row.version, createdAt: row.created_at, updatedAt: row.updated_at };
  }
}
