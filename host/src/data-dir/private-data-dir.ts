import { chmodSync, existsSync, mkdirSync } from 'node:fs';

/**
 * The data folder holds the database, the master key, the token and uploaded files: only the
 * owner may read it, whatever the umask (mkdir's mode is masked by it, so chmod after).
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** 0600 for a file the host wrote (a no-op when it does not exist). */
export function restrictFile(file: string): void {
  if (existsSync(file)) chmodSync(file, 0o600);
}
