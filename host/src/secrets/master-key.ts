import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from '../data-dir/private-data-dir';
import { MasterKeyError } from './master-key-error';

export const MASTER_KEY_BYTES = 32;
export const MASTER_KEY_FILE = 'master.key';

export interface MasterKey {
  readonly bytes: Uint8Array;
  /** A short fingerprint: which key encrypted the data, without revealing it. */
  readonly keyId: string;
  readonly source: 'env' | 'file' | 'generated';
  readonly file?: string;
}

export interface MasterKeySource {
  /** `MASTER_KEY`: base64 of 32 bytes. Wins over the file. */
  readonly base64?: string;
  readonly dataDir: string;
  /** Told once when a new key file was written. */
  readonly warn: (message: string) => void;
  /**
   * Whether the data folder already holds encrypted secrets: then a missing key file is an
   * error that writes nothing (a new key could not decrypt them, and would be backed up instead).
   */
  readonly hasSecrets?: () => boolean;
}

export function keyIdOf(bytes: Uint8Array): string {
  return `mk-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`;
}

export function decode(base64: string, where: string): Uint8Array {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new MasterKeyError(`${where} is not base64`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== MASTER_KEY_BYTES) {
    throw new MasterKeyError(`${where} must be base64 of exactly ${MASTER_KEY_BYTES} bytes (it decodes to ${bytes.length})`);
  }
  return new Uint8Array(bytes);
}

/**
 * The master key for secrets at rest: `MASTER_KEY`, else `<dataDir>/master.key`, else a new key
 * written there once with mode 0600. A key that exists but cannot be read or parsed is an error:
 * silently making a new one would orphan every stored secret.
 */
export function loadMasterKey(source: MasterKeySource): MasterKey {
  if (source.base64 !== undefined && source.base64 !== '') {
    const bytes = decode(source.base64, 'MASTER_KEY');
    return { bytes, keyId: keyIdOf(bytes), source: 'env' };
  }
  const file = path.join(source.dataDir, MASTER_KEY_FILE);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new MasterKeyError(`the master key file ${file} cannot be read (${code ?? 'error'}); fix its permissions or set MASTER_KEY`);
  }
  if (text !== undefined) {
    const bytes = decode(text, `the master key file ${file}`);
    return { bytes, keyId: keyIdOf(bytes), source: 'file', file };
  }
  if (source.hasSecrets?.() === true) {
    throw new MasterKeyError(
      `The master key file ${file} is missing, but ${source.dataDir} holds encrypted secrets. Restore the original master.key (or set MASTER_KEY); nothing was written.`,
    );
  }
  const bytes = new Uint8Array(randomBytes(MASTER_KEY_BYTES));
  ensurePrivateDir(source.dataDir);
  try {
    // 'wx': never overwrite a key another process wrote meanwhile.
    writeFileSync(file, `${Buffer.from(bytes).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw new MasterKeyError(`cannot write a new master key file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  source.warn(`A new master key was generated in ${file} (mode 0600). Back it up: without it the stored secrets cannot be decrypted. Set MASTER_KEY to manage the key yourself.`);
  return { bytes, keyId: keyIdOf(bytes), source: 'generated', file };
}
