import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * `rotate-token`: a new random token replaces `<dataDir>/host.token` (written beside it, then
 * renamed over it, so a reader never sees half a token). Hosts on the folder pick it up within a
 * second; every session and login code signed with the old one ends.
 */
export function rotateHostToken(dataDir: string): void {
  const file = path.join(dataDir, TOKEN_FILE);
  const next = `${file}.next`;
  writeFileSync(next, `${randomBytes(TOKEN_BYTES).toString('hex')}\n`, { mode: 0o600 });
  restrictFile(next);
  renameSync(next, file);
}

/** How often a host looks at the token file for a rotated token. */
const TOKEN_FILE_CHECK_MS = 250;

/**
 * The host's current token: `HOST_TOKEN` (fixed for the process), or `host.token`, re-read when
 * the file changes (a `rotate-token` while the host runs). `onChange` runs after a new token.
 */
export class HostTokenSource {
  #token: string;
  #stamp: string;
  #checkedAt = 0;
  readonly #listeners: Array<() => void> = [];

  private constructor(
    private readonly file: string | undefined,
    token: string,
    private readonly now: () => number,
  ) {
    this.#token = token;
    this.#stamp = this.#stampOf();
  }

  static open(given: string | undefined, dataDir: string, now: () => number = Date.now): HostTokenSource {
    const token = resolveHostToken(given, dataDir);
    const fromFile = given === undefined || given === '';
    return new HostTokenSource(fromFile ? path.join(dataDir, TOKEN_FILE) : undefined, token, now);
  }

  current(): string {
    if (this.file === undefined) return this.#token;
    const now = this.now();
    if (now - this.#checkedAt < TOKEN_FILE_CHECK_MS) return this.#token;
    this.#checkedAt = now;
    const stamp = this.#stampOf();
    if (stamp !== this.#stamp && stamp !== '') {
      try {
        const text = readFileSync(this.file, 'utf8').trim();
        // A token file emptied by hand keeps the old token (the host never runs without one).
        if (text.length >= 16 && text !== this.#token) {
          this.#token = text;
          for (const listener of this.#listeners) listener();
        }
        this.#stamp = stamp;
      } catch {
        // Unreadable for a moment (being replaced): the next check reads it.
      }
    }
    return this.#token;
  }

  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  #stampOf(): string {
    if (this.file === undefined) return '';
    try {
      const stat = statSync(this.file);
      return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
    } catch {
      return '';
    }
  }
}
