/**
 * Encryption at rest is the host's own (as n8n's core and Node-RED own theirs): plugins receive
 * plaintext secrets through `ConnectionDirectory.readSecret` and never see these types.
 */

/** The host's master keys. The newest key encrypts; every listed key can still decrypt. */
export interface SecretKeyring {
  /** Id of the key used for new ciphertexts (short, `[A-Za-z0-9_-]+`). */
  readonly currentKeyId: string;
  /** 32-byte keys by id. */
  key(keyId: string): Uint8Array | undefined;
}

/**
 * Encrypts secrets at rest. `context` is authenticated data (the connection id) binding a
 * ciphertext to its owner: a ciphertext copied to another connection fails to decrypt.
 * Failures (tamper, truncation, wrong context, unknown key id) throw; never return garbage.
 */
export interface SecretCipher {
  encrypt(plaintext: string, context: string): string;
  decrypt(ciphertext: string, context: string): string;
  /** True when the ciphertext was made with a key other than the current one. */
  needsRotation(ciphertext: string): boolean;
  /** Re-encrypts under the current key. */
  rotate(ciphertext: string, context: string): string;
}
