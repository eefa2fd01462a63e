import type { Database, Statement } from 'better-sqlite3';

/**
 * Statements prepared once per SQL text and kept: better-sqlite3 does not cache them, and a
 * statement read on every request of a run (a connection's row) showed in the run's profile.
 */
export class PreparedStatements {
  readonly #statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  of(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
