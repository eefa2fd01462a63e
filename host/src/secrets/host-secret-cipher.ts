import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher, SecretKeyring } from './secret-cipher';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A stored secret that cannot be decrypted; the message names the key id, never content. */
export class HostSecretDecryptionError extends Error {
  override readonly name = 'HostSecretDecryptionError';
}

/**
 * The host's own encryption at rest (the host owns it; plugins have no cipher): AES-256-GCM with a random
 * 96-bit IV per secret, the connection id as authenticated data (a ciphertext copied onto another
 * connection fails), and the key id in the text so old keys keep decrypting during a rotation:
 * `v1:<keyId>:<b64 iv>:<b64 tag>:<b64 ciphertext>`. The only cipher in the project: plugins get
 * plaintext through the connection directory and have none of their own.
 */
export class HostSecretCipher implements SecretCipher {
  constructor(private readonly keyring: SecretKeyring) {}

  encrypt(plaintext: string, context: string): string {
    const keyId = this.keyring.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key(keyId), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, keyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  decrypt(ciphertext: string, context: string): string {
    const parts = typeof ciphertext === 'string' ? ciphertext.split(':') : [];
    const [version, keyId = '', iv = '', tag = '', data = ''] = parts;
    if (parts.length !== 5 || version !== VERSION || !KEY_ID.test(keyId) || ![iv, tag, data].every((part) => BASE64.test(part))) {
      throw new HostSecretDecryptionError(`Secret is not in the ${VERSION} format`);
    }
    const ivBytes = Buffer.from(iv, 'base64');
    const tagBytes = Buffer.from(tag, 'base64');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new HostSecretDecryptionError('Secret is truncated or malformed');
    const decipher = createDecipheriv('aes-256-gcm', this.#key(keyId), ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tagBytes);
    try {
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new HostSecretDecryptionError(`Secret could not be decrypted: it was altered, belongs to another connection, or needs master key "${keyId}"`);
    }
  }

  needsRotation(ciphertext: string): boolean {
    return ciphertext.split(':')[1] !== this.keyring.currentKeyId;
  }

  rotate(ciphertext: string, context: string): string {
    return this.encrypt(this.decrypt(ciphertext, context), context);
  }

  #key(keyId: string): Buffer {
    const key = this.keyring.key(keyId);
    if (!key) throw new HostSecretDecryptionError(`Master key "${keyId}" is not available (its key file is missing)`);
    // A shorter key would silently select AES-128/192 in other libraries; here it is refused by name.
    if (key.length !== KEY_BYTES) throw new HostSecretDecryptionError(`Master key "${keyId}" must be ${KEY_BYTES} bytes for AES-256-GCM`);
    return Buffer.from(key);
  }
}
