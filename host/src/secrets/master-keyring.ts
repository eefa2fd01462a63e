import type { SecretKeyring } from './secret-cipher';
import type { MasterKey } from './master-key';

/**
 * The contract's keyring over the host's master keys: the current one encrypts, every key still
 * on disk decrypts (during a rotation the old and the new key are both here).
 */
export class MasterKeyring implements SecretKeyring {
  readonly currentKeyId: string;
  readonly #keys: ReadonlyMap<string, Uint8Array>;

  constructor(current: MasterKey, others: readonly MasterKey[] = []) {
    this.currentKeyId = current.keyId;
    this.#keys = new Map([...others, current].map((key) => [key.keyId, key.bytes]));
  }

  key(keyId: string): Uint8Array | undefined {
    return this.#keys.get(keyId);
  }

  has(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  /** Never let a key slip into a log line through JSON.stringify. */
  toJSON(): Record<string, unknown> {
    return { currentKeyId: this.currentKeyId, keyIds: [...this.#keys.keys()] };
  }
}
