import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from './open-database';

/**
 * Whether the data folder's database already holds encrypted secrets, read without writing
 * anything (a SELECT, no migrations): asked before a missing master key file would be created.
 */
export function storeHasSecrets(dataDir: string): boolean {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) return false;
  // Not `readonly`: a read-only open of a WAL database leaves -wal/-shm files behind, while the
  // last connection's close removes them. Only a SELECT runs: no migration, no row written.
  const db = new Database(file, { fileMustExist: true });
  try {
    return db.prepare("SELECT 1 FROM connections WHERE secrets_json <> '{}' LIMIT 1").get() !== undefined;
  } catch {
    // No connections table yet: nothing encrypted.
    return false;
  } finally {
    db.close();
  }
}
