import type { Database, Statement } from 'better-sqlite3';

/** Sessions ended by "Log out" (by hash), kept until they would have expired on their own. */
export class EndedSessionRepository {
  readonly #find: Statement<[string], number>;
  readonly #insert: Statement<[string, number]>;
  readonly #prune: Statement<[number]>;

  constructor(db: Database) {
    this.#find = db.prepare<[string], number>('SELECT 1 FROM ended_sessions WHERE session_hash = ?').pluck();
    this.#insert = db.prepare<[string, number]>('INSERT OR IGNORE INTO ended_sessions (session_hash, expires_at) VALUES (?, ?)');
    this.#prune = db.prepare<[number]>('DELETE FROM ended_sessions WHERE expires_at < ?');
  }

  has(sessionHash: string): boolean {
    return this.#find.get(sessionHash) !== undefined;
  }

  end(sessionHash: string, expiresAt: number, now: number): void {
    this.#prune.run(now);
    this.#insert.run(sessionHash, expiresAt);
  }
}
