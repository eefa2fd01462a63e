import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from './open-database';

/**
 * Whether the data folder's database already holds encrypted secrets, read without writing
 * anything (read-only, no migrations): asked before a missing master key file would be created.
 */
export function storeHasSecrets(dataDir: string): boolean {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) return false;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT 1 FROM connections WHERE secrets_json <> '{}' LIMIT 1").get() !== undefined;
  } catch {
    // No connections table yet: nothing encrypted.
    return false;
  } finally {
    db.close();
  }
}
