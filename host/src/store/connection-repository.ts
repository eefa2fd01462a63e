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

/**
 * Connections, secrets as ciphertexts only.
 *
 * The whole list is read on every save (the form's context, the lender check, the pools' sync,
 * the test), so it is kept between reads. Reading and parsing every row each time made a create
 * 4-5x slower at 3,000 connections than at 20 (bench/connection-create.bench.ts). What this
 * repository writes, it marks; the next read outside a transaction re-reads only the marked rows
 * (committed or rolled back, the row as it is now). SQLite's `data_version` tells when another
 * connection (another host on the data folder) has committed since: then everything is read again.
 * Inside a transaction the list is read afresh and not kept.
 */
export class ConnectionRepository {
  readonly #statements: PreparedStatements;
  #kept: { readonly dataVersion: number; all: readonly StoredConnection[] } | undefined;
  /** Ids this repository wrote since the list was kept. */
  readonly #written = new Set<string>();

  constructor(private readonly db: Database) {
    this.#statements = new PreparedStatements(db);
  }

  /** In creation order. The objects are shared between callers: treat them as read-only. */
  list(appId?: string): StoredConnection[] {
    const all = this.#all();
    return appId === undefined ? [...all] : all.filter((connection) => connection.appId === appId);
  }

  #all(): readonly StoredConnection[] {
    if (this.db.inTransaction) return this.#read();
    const dataVersion = this.#statements.of('PRAGMA data_version').pluck().get() as number;
    const kept = this.#kept;
    if (kept?.dataVersion === dataVersion) {
      if (this.#written.size > 0) kept.all = this.#withWritten(kept.all);
      return kept.all;
    }
    this.#written.clear();
    const all = this.#read();
    this.#kept = { dataVersion, all };
    return all;
  }

  /** `all` with the rows this repository wrote read again; a new row goes last (it is the newest). */
  #withWritten(all: readonly StoredConnection[]): readonly StoredConnection[] {
    const fresh = new Map([...this.#written].map((id) => [id, this.get(id)]));
    this.#written.clear();
    const next: StoredConnection[] = [];
    for (const connection of all) {
      if (!fresh.has(connection.id)) next.push(connection);
      else {
        const row = fresh.get(connection.id);
        fresh.delete(connection.id);
        if (row) next.push(row);
      }
    }
    for (const row of fresh.values()) {
      if (!row) continue;
      // Out of creation order (an older createdAt): read the list in its order instead.
      if (next.length > 0 && row.createdAt < next[next.length - 1]!.createdAt) return this.#read();
      next.push(row);
    }
    return next;
  }

  #read(): StoredConnection[] {
    return (this.#statements.of('SELECT * FROM connections ORDER BY created_at, rowid').all() as ConnectionRow[]).map(fromRow);
  }

  get(id: string): StoredConnection | undefined {
    // Read on every request of a run (credentials, offline check): prepared once.
    const row = this.#statements.of('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow | undefined;
    return row && fromRow(row);
  }

  insert(connection: StoredConnection): void {
    this.#written.add(connection.id);
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
    this.#written.add(connection.id);
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
    this.#written.add(id);
    this.db.prepare('UPDATE connections SET secrets_json = ? WHERE id = ?').run(JSON.stringify(secrets), id);
  }

  /** The outcome of a test of the stored connection: not an edit, so the version stays. */
  recordTest(id: string, lastTest: StoredTestResult, updatedAt: string, offline: boolean): boolean {
    this.#written.add(id);
    return this.db
      .prepare('UPDATE connections SET offline = ?, last_test_json = ?, updated_at = ? WHERE id = ?')
      .run(offline ? 1 : 0, JSON.stringify(lastTest), updatedAt, id).changes === 1;
  }

  delete(id: string): boolean {
    this.#written.add(id);
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
