import type { SecretKeyring } from 'cartrover-connector/contracts';
import type { MasterKey } from './master-key';

/** The contract's keyring over the host's single master key (rotation would add older keys here). */
export class MasterKeyring implements SecretKeyring {
  readonly currentKeyId: string;
  readonly #bytes: Uint8Array;

  constructor(masterKey: MasterKey) {
    this.currentKeyId = masterKey.keyId;
    this.#bytes = masterKey.bytes;
  }

  key(keyId: string): Uint8Array | undefined {
    return keyId === this.currentKeyId ? this.#bytes : undefined;
  }

  /** Never let the key slip into a log line through JSON.stringify. */
  toJSON(): Record<string, string> {
    return { currentKeyId: this.currentKeyId };
  }
}
