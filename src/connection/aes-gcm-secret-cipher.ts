import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { SecretCipher, SecretKeyring } from '../contracts';
import { TOKENS } from '../contracts';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
/** 96-bit IV: GCM's native size (no extra GHASH step); random per secret. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A secret that cannot be decrypted. Its message names the reason and the key id only: never the
 * ciphertext's content, the plaintext or the key.
 */
export class SecretDecryptionError extends Error {
  override readonly name = 'SecretDecryptionError';
}

interface ParsedCiphertext {
  readonly keyId: string;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly data: Buffer;
}

/**
 * AES-256-GCM for secrets at rest, as `v1:<keyId>:<b64 iv>:<b64 tag>:<b64 ciphertext>`.
 * The context (the connection id) is the additional authenticated data, so a ciphertext copied onto
 * another connection fails to decrypt. Keys come from the host's {@link SecretKeyring}; the key id
 * in each ciphertext lets old keys keep decrypting until `rotate` re-encrypts under the current one.
 */
@injectable()
export class AesGcmSecretCipher implements SecretCipher {
  constructor(@inject(TOKENS.SecretKeyring) private readonly keyring: SecretKeyring) {}

  encrypt(plaintext: string, context: string): string {
    const keyId = this.keyring.currentKeyId;
    if (!KEY_ID.test(keyId)) throw new Error('The current secret key id must match [A-Za-z0-9_-]+');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keyOf(keyId), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, keyId, iv.toString('base64'), tag.toString('base64'), data.toString('base64')].join(':');
  }

  decrypt(ciphertext: string, context: string): string {
    const parsed = parse(ciphertext);
    const decipher = createDecipheriv(ALGORITHM, this.keyOf(parsed.keyId), parsed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(parsed.tag);
    try {
      return Buffer.concat([decipher.update(parsed.data), decipher.final()]).toString('utf8');
    } catch {
      // node's message ("Unsupported state or unable to authenticate data") helps nobody.
      throw new SecretDecryptionError(
        `Secret could not be decrypted: it was altered, belongs to another connection, or was encrypted with a different key "${parsed.keyId}"`,
      );
    }
  }

  needsRotation(ciphertext: string): boolean {
    return parse(ciphertext).keyId !== this.keyring.currentKeyId;
  }

  rotate(ciphertext: string, context: string): string {
    return this.encrypt(this.decrypt(ciphertext, context), context);
  }

  private keyOf(keyId: string): Buffer {
    const key = this.keyring.key(keyId);
    if (!key) throw new SecretDecryptionError(`Secret key "${keyId}" is not in the keyring`);
    if (key.length !== KEY_BYTES) throw new Error(`Secret key "${keyId}" must be ${KEY_BYTES} bytes for AES-256-GCM`);
    return Buffer.from(key);
  }
}

function parse(ciphertext: string): ParsedCiphertext {
  const parts = typeof ciphertext === 'string' ? ciphertext.split(':') : [];
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new SecretDecryptionError(`Secret is not in the ${VERSION} format (${VERSION}:<keyId>:<iv>:<tag>:<ciphertext>)`);
  }
  const [, keyId = '', iv = '', tag = '', data = ''] = parts;
  if (!KEY_ID.test(keyId)) throw new SecretDecryptionError('Secret has an invalid key id');
  const decoded = [iv, tag, data].map((part) => (BASE64.test(part) ? Buffer.from(part, 'base64') : undefined));
  const [ivBytes, tagBytes, dataBytes] = decoded;
  if (!ivBytes || !tagBytes || !dataBytes || ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new SecretDecryptionError('Secret is truncated or malformed');
  }
  return { keyId, iv: ivBytes, tag: tagBytes, data: dataBytes };
}
