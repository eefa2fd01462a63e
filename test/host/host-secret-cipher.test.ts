import { randomBytes } from 'node:crypto';
import { HostSecretCipher } from '../../host/src/secrets/host-secret-cipher';
import type { SecretKeyring } from '../../host/src/secrets/secret-cipher';

const KEY = 'demo-merchant-key-0123456789';

function keyring(currentKeyId: string, keys: Record<string, Uint8Array>): SecretKeyring {
  return { currentKeyId, key: (id) => keys[id] };
}

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const cipher = new HostSecretCipher(keyring('k1', { k1 }));

/** Flips one bit of one base64 part of a v1 ciphertext. */
function tamper(ciphertext: string, part: 2 | 3 | 4): string {
  const parts = ciphertext.split(':');
  const bytes = Buffer.from(parts[part]!, 'base64');
  bytes[0]! ^= 0x01;
  parts[part] = bytes.toString('base64');
  return parts.join(':');
}

function expectClearFailure(run: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(Error);
  const text = `${(caught as Error).message} ${String((caught as Error).stack)}`;
  expect(text).toMatch(message);
  expect(text).not.toContain(KEY);
  expect(text).not.toContain(k1.toString('base64'));
  expect(text).not.toContain(k1.toString('hex'));
}

describe('HostSecretCipher', () => {
  it('round-trips, in the v1 format, with a fresh 96-bit IV each time', () => {
    const first = cipher.encrypt(KEY, 'conn-1');
    const second = cipher.encrypt(KEY, 'conn-1');
    expect(first).toMatch(/^v1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(first.split(':')[2]!, 'base64')).toHaveLength(12);
    expect(Buffer.from(first.split(':')[3]!, 'base64')).toHaveLength(16);
    expect(first).not.toBe(second);
    expect(first).not.toContain(KEY);
    expect(cipher.decrypt(first, 'conn-1')).toBe(KEY);
    expect(cipher.decrypt(cipher.encrypt('', 'c'), 'c')).toBe('');
    expect(cipher.decrypt(cipher.encrypt('ключ 🔑', 'c'), 'c')).toBe('ключ 🔑');
  });

  it.each([
    ['the IV', 2],
    ['the tag', 3],
    ['the ciphertext', 4],
  ] as const)('refuses a tampered %s', (_part, index) => {
    expectClearFailure(() => cipher.decrypt(tamper(cipher.encrypt(KEY, 'conn-1'), index), 'conn-1'), /could not be decrypted/);
  });

  it('refuses truncated or malformed ciphertexts', () => {
    const good = cipher.encrypt(KEY, 'conn-1');
    expectClearFailure(() => cipher.decrypt(good.slice(0, good.length - 4), 'conn-1'), /could not be decrypted|truncated/);
    expectClearFailure(() => cipher.decrypt(good.split(':').slice(0, 4).join(':'), 'conn-1'), /not in the v1 format/);
    expectClearFailure(() => cipher.decrypt(`v1:k1:AAAA:${good.split(':')[3]}:${good.split(':')[4]}`, 'conn-1'), /truncated or malformed/);
    expectClearFailure(() => cipher.decrypt('', 'conn-1'), /not in the v1 format/);
    expectClearFailure(() => cipher.decrypt(KEY, 'conn-1'), /not in the v1 format/);
    expectClearFailure(() => cipher.decrypt(good.replace('v1:', 'v2:'), 'conn-1'), /not in the v1 format/);
  });

  it('refuses a ciphertext copied to another connection (wrong AAD)', () => {
    expectClearFailure(() => cipher.decrypt(cipher.encrypt(KEY, 'conn-1'), 'conn-2'), /belongs to another connection/);
  });

  it('refuses an unknown key id, naming it', () => {
    const other = new HostSecretCipher(keyring('k9', { k9: randomBytes(32) }));
    expectClearFailure(() => cipher.decrypt(other.encrypt(KEY, 'c'), 'c'), /Master key "k9" is not available/);
  });

  it('refuses the wrong key under the same id', () => {
    const impostor = new HostSecretCipher(keyring('k1', { k1: randomBytes(32) }));
    expectClearFailure(() => cipher.decrypt(impostor.encrypt(KEY, 'c'), 'c'), /could not be decrypted/);
  });

  it('rotates to the current key, still decrypting old ciphertexts until then', () => {
    const old = cipher.encrypt(KEY, 'conn-1');
    const rotated = new HostSecretCipher(keyring('k2', { k1, k2 }));
    expect(rotated.needsRotation(old)).toBe(true);
    expect(rotated.decrypt(old, 'conn-1')).toBe(KEY);
    const renewed = rotated.rotate(old, 'conn-1');
    expect(renewed.startsWith('v1:k2:')).toBe(true);
    expect(rotated.needsRotation(renewed)).toBe(false);
    expect(rotated.decrypt(renewed, 'conn-1')).toBe(KEY);
    // Rotation keeps the binding to the connection.
    expectClearFailure(() => rotated.rotate(old, 'conn-2'), /could not be decrypted/);
    const k2Only = new HostSecretCipher(keyring('k2', { k2 }));
    expect(k2Only.decrypt(renewed, 'conn-1')).toBe(KEY);
  });

  it('refuses a key of the wrong size', () => {
    const short = new HostSecretCipher(keyring('k1', { k1: randomBytes(16) }));
    expect(() => short.encrypt(KEY, 'c')).toThrow('Master key "k1" must be 32 bytes for AES-256-GCM');
  });
});
