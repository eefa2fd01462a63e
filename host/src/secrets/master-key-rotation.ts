import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'cartrover-connector/contracts';
import { RUN_LEASE_MS } from '../runs/host-instance';
import { HostStore } from '../store/host-store';
import { HostSecretCipher } from './host-secret-cipher';
import { MASTER_KEY_BYTES, MASTER_KEY_FILE, decode, keyIdOf, loadMasterKey } from './master-key';
import type { MasterKey } from './master-key';
import { RECORDED_KEY_ID } from './master-key-check';
import { MasterKeyError } from './master-key-error';
import { MasterKeyring } from './master-keyring';

/** The new key of a rotation, on disk before any secret is re-encrypted with it. */
export const NEXT_KEY_FILE = 'master.key.next';

export interface RotationResult {
  readonly previousKeyId: string;
  readonly keyId: string;
  readonly secrets: number;
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a key file durably and atomically: a temp file, fsync, rename, fsync of the folder. */
function writeKeyFile(file: string, bytes: Uint8Array): void {
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, `${Buffer.from(bytes).toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  fsyncDir(path.dirname(file));
}

/** The next key of an unfinished rotation, if its file is there and whole. */
export function readNextKey(dataDir: string): MasterKey | undefined {
  const file = path.join(dataDir, NEXT_KEY_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const bytes = decode(text, file);
    return { bytes, keyId: keyIdOf(bytes), source: 'file', file };
  } catch {
    return undefined;
  }
}

/**
 * The keyring a host starts with. A rotation that committed its re-encryption but was stopped
 * before renaming the new key into place is finished here (the store's recorded key is the new
 * one); one that did not commit leaves both keys readable, the old one current.
 */
export function openKeyring(masterKey: MasterKey, dataDir: string, recordedKeyId: string | undefined, logger: Logger): { keyring: MasterKeyring; current: MasterKey } {
  const next = masterKey.source === 'env' ? undefined : readNextKey(dataDir);
  if (next === undefined || next.keyId === masterKey.keyId) return { keyring: new MasterKeyring(masterKey), current: masterKey };
  if (recordedKeyId === next.keyId) {
    const current = { ...next, file: path.join(dataDir, MASTER_KEY_FILE) };
    renameSync(next.file!, current.file);
    fsyncDir(dataDir);
    logger.warn('finished an interrupted master key rotation', { keyId: next.keyId, previousKeyId: masterKey.keyId });
    return { keyring: new MasterKeyring(current), current };
  }
  return { keyring: new MasterKeyring(masterKey, [next]), current: masterKey };
}

/**
 * `rotate-master-key`: a new key, every secret re-encrypted under it in one transaction, then
 * the new key file renamed over the old. Crash-safe: until the transaction commits the store is
 * all old-key and both key files exist; after it, the store is all new-key and the new key is in
 * `master.key.next` or already `master.key` (the next start or run finishes the rename).
 */
export function rotateMasterKey(dataDir: string, logger: Logger): RotationResult {
  const dir = path.resolve(dataDir);
  const masterKey = loadMasterKey({ dataDir: dir, warn: (message) => logger.warn(message), hasSecrets: () => true });
  const store = HostStore.open(dir);
  try {
    const live = store.db.prepare('SELECT COUNT(*) FROM host_instances WHERE heartbeat_at >= ?').pluck().get(Date.now() - RUN_LEASE_MS) as number;
    if (live > 0) throw new MasterKeyError(`A host is running on ${dir} (${live} with a recent heartbeat): stop it before rotating the master key`);
    const recorded = store.meta(RECORDED_KEY_ID);
    const pending = readNextKey(dir);
    if (pending && recorded === pending.keyId) {
      // The previous rotation committed; only its rename was left.
      openKeyring(masterKey, dir, recorded, logger);
      return { previousKeyId: masterKey.keyId, keyId: pending.keyId, secrets: 0 };
    }
    if (recorded !== undefined && recorded !== masterKey.keyId) {
      throw new MasterKeyError(`The secrets in ${dir} were encrypted with master key ${recorded}, not with ${masterKey.keyId} from ${masterKey.file ?? 'master.key'}; restore the right key before rotating`);
    }
    const nextBytes = new Uint8Array(randomBytes(MASTER_KEY_BYTES));
    const next: MasterKey = { bytes: nextBytes, keyId: keyIdOf(nextBytes), source: 'file', file: path.join(dir, NEXT_KEY_FILE) };
    writeKeyFile(next.file!, nextBytes);
    const cipher = new HostSecretCipher(new MasterKeyring(next, [masterKey]));
    const secrets = store.transaction(() => {
      let count = 0;
      for (const connection of store.connections.list()) {
        const rotated = Object.fromEntries(Object.entries(connection.secrets).map(([field, ciphertext]) => [field, cipher.rotate(ciphertext, connection.id)]));
        count += Object.keys(rotated).length;
        store.connections.replaceSecrets(connection.id, rotated);
      }
      store.setMeta(RECORDED_KEY_ID, next.keyId);
      return count;
    });
    renameSync(next.file!, path.join(dir, MASTER_KEY_FILE));
    fsyncDir(dir);
    logger.info('master key rotated', { keyId: next.keyId, previousKeyId: masterKey.keyId, secrets });
    return { previousKeyId: masterKey.keyId, keyId: next.keyId, secrets };
  } finally {
    store.close();
  }
}
