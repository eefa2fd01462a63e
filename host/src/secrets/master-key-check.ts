import type { Logger } from 'cartrover-connector/contracts';
import type { HostStore } from '../store/host-store';
import type { MasterKey } from './master-key';
import { MasterKeyError } from './master-key-error';
import type { MasterKeyring } from './master-keyring';

export const RECORDED_KEY_ID = 'master_key_id';

/**
 * The store remembers which master key encrypted its secrets. Starting with another key while
 * secrets exist is refused with a clear message, instead of every test failing later with a
 * decryption error.
 */
export function checkMasterKeyMatchesStore(store: HostStore, masterKey: MasterKey, dataDir: string, logger: Logger, keyring?: MasterKeyring): void {
  const recorded = store.meta(RECORDED_KEY_ID);
  if (recorded === masterKey.keyId) return;
  // A rotation in progress: the recorded key is still on disk beside the current one.
  if (recorded !== undefined && keyring?.has(recorded) === true) return;
  if (recorded !== undefined && store.connections.anyCiphertext() !== undefined) {
    const where = masterKey.source === 'env' ? 'MASTER_KEY' : masterKey.file ?? 'the key file';
    throw new MasterKeyError(
      `The secrets in ${dataDir} were encrypted with master key ${recorded}, but the key from ${where} is ${masterKey.keyId}. ` +
        'Start the host with the original key (MASTER_KEY or the original master.key); a new key cannot decrypt them.',
    );
  }
  if (recorded !== undefined) logger.warn('The master key changed; no stored secrets were affected', { previousKeyId: recorded, keyId: masterKey.keyId });
  store.setMeta(RECORDED_KEY_ID, masterKey.keyId);
}
