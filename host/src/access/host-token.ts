import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { restrictFile } from '../data-dir/private-data-dir';

export const TOKEN_FILE = 'host.token';
const TOKEN_BYTES = 24;

/** The token is missing, unreadable or too weak: the host refuses to start. */
export class HostTokenError extends Error {
  override readonly name = 'HostTokenError';
}

/**
 * The access token (Jupyter's model): `HOST_TOKEN` if set, else `<dataDir>/host.token`, else a
 * new random one written there once (0600), so a restart keeps the same login URL.
 */
export function resolveHostToken(given: string | undefined, dataDir: string): string {
  if (given !== undefined && given !== '') {
    if (given.length < 16) throw new HostTokenError('HOST_TOKEN must be at least 16 characters');
    return given;
  }
  const file = path.join(dataDir, TOKEN_FILE);
  try {
    const text = readFileSync(file, 'utf8').trim();
    if (text.length < 16) throw new HostTokenError(`The token file ${file} holds no usable token (at least 16 characters); delete it to get a new one`);
    return text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(TOKEN_BYTES).toString('hex');
  try {
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another host on this folder wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveHostToken(undefined, dataDir);
    throw error;
  }
  restrictFile(file);
  return token;
}

/** Constant-time comparison, so response times tell nothing about how much of a guess matched. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
