import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { ensurePrivateDir, restrictFile } from '../data-dir/private-data-dir';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations';

export const DATABASE_FILE = 'host.db';

/**
 * Opens (or creates) the host database: WAL so readers never block the writer, foreign keys on
 * (SQLite has them off by default), a busy timeout for a second process, then migrations.
 */
export function openDatabase(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): SqliteDatabase {
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, DATABASE_FILE);
  // SQLite gives the -wal and -shm files the database file's mode: make it 0600 before it opens.
  closeSync(openSync(file, 'a', 0o600));
  restrictFile(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations);
    for (const suffix of ['-wal', '-shm']) restrictFile(file + suffix);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: SqliteDatabase, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((migration) => migration.version));
  if (newest > known) {
    throw new Error(`The database was written by a newer host (schema version ${newest}; this host knows up to ${known})`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
}
