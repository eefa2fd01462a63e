import type { Database } from 'better-sqlite3';
import { nameKeyOf } from './name-key';
import { NameTakenError } from './name-taken-error';
import { PreparedStatements } from './prepared-statements';
import type { StoredConnection, StoredTestResult } from './stored-records';

interface ConnectionRow {
  id: string;
  app_id: string;
  name: string;
  values_json: string;
  secrets_json: string;
  offline: number;
  last_test_json: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

function fromRow(row: ConnectionRow): StoredConnection {
  return {
    id: row.id,
    appId: row.app_id,
    name: row.name,
    values: JSON.parse(row.values_json) as StoredConnection['values'],
    secrets: JSON.parse(row.secrets_json) as StoredConnection['secrets'],
    offline: row.offline === 1,
    lastTest: row.last_test_json === null ? null : (JSON.parse(row.last_test_json) as StoredTestResult),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function isNameConflict(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && (message ?? '').includes('connections.name_key');
}

/** Connections, secrets as ciphertexts only. */
export class ConnectionRepository {
  readonly #statements: PreparedStatements;

  constructor(private readonly db: Database) {
    this.#statements = new PreparedStatements(db);
  }

  list(appId?: string): StoredConnection[] {
    const rows = appId === undefined
      ? this.db.prepare('SELECT * FROM connections ORDER BY created_at, rowid').all()
      : this.db.prepare('SELECT * FROM connections WHERE app_id = ? ORDER BY created_at, rowid').all(appId);
    return (rows as ConnectionRow[]).map(fromRow);
  }

  get(id: string): StoredConnection | undefined {
    // Read on every request of a run (credentials, offline check): prepared once.
    const row = this.#statements.of('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow | undefined;
    return row && fromRow(row);
  }

  insert(connection: StoredConnection): void {
    this.#write(connection, () =>
      this.db
        .prepare(
          `INSERT INTO connections (id, app_id, name, name_key, values_json, secrets_json, offline, last_test_json, version, created_at, updated_at)
           VALUES (@id, @app_id, @name, @name_key, @values_json, @secrets_json, @offline, @last_test_json, @version, @created_at, @updated_at)`,
        )
        .run(this.#toRow(connection)).changes,
    );
  }

  /**
   * Writes `connection` over the row only if the row still has `connection.version - 1` (compare
   * and set): false when the connection is gone or someone else changed it meanwhile.
   */
  update(connection: StoredConnection): boolean {
    return this.#write(connection, () =>
      this.db
        .prepare(
          `UPDATE connections SET name = @name, name_key = @name_key, values_json = @values_json, secrets_json = @secrets_json,
             offline = @offline, last_test_json = @last_test_json, version = @version, updated_at = @updated_at
           WHERE id = @id AND version = @version - 1`,
        )
        .run(this.#toRow(connection)).changes,
    ) === 1;
  }

  /** Replaces ciphertexts only (master key rotation): not an edit, so the version stays. */
  replaceSecrets(id: string, secrets: Readonly<Record<string, string>>): void {
    this.db.prepare('UPDATE connections SET secrets_json = ? WHERE id = ?').run(JSON.stringify(secrets), id);
  }

  /** The outcome of a test of the stored connection: not an edit, so the version stays. */
  recordTest(id: string, lastTest: StoredTestResult, updatedAt: string, offline: boolean): boolean {
    return this.db
      .prepare('UPDATE connections SET offline = ?, last_test_json = ?, updated_at = ? WHERE id = ?')
      .run(offline ? 1 : 0, JSON.stringify(lastTest), updatedAt, id).changes === 1;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM connections WHERE id = ?').run(id).changes === 1;
  }

  /** Any stored ciphertext, to check at start-up that the master key still opens the data. */
  anyCiphertext(): { connectionId: string; field: string; ciphertext: string } | undefined {
    const row = this.db.prepare("SELECT id, secrets_json FROM connections WHERE secrets_json <> '{}' LIMIT 1").get() as
      | { id: string; secrets_json: string }
      | undefined;
    if (!row) return undefined;
    const [field, ciphertext] = Object.entries(JSON.parse(row.secrets_json) as Record<string, string>)[0] ?? [];
    return field === undefined || ciphertext === undefined ? undefined : { connectionId: row.id, field, ciphertext };
  }

  #write(connection: StoredConnection, statement: () => number): number {
    try {
      return statement();
    } catch (error) {
      if (isNameConflict(error)) throw new NameTakenError(connection.name);
      throw error;
    }
  }

  #toRow(connection: StoredConnection): ConnectionRow & { name_key: string } {
    return {
      id: connection.id,
      app_id: connection.appId,
      name: connection.name,
      name_key: nameKeyOf(connection.name),
      values_json: JSON.stringify(connection.values),
      secrets_json: JSON.stringify(connection.secrets),
      offline: connection.offline ? 1 : 0,
      last_test_json: connection.lastTest === null ? null : JSON.stringify(connection.lastTest),
      version: connection.version ?? 1,
      created_at: connection.createdAt,
      updated_at: connection.updatedAt,
    };
  }
}
