import type { Container } from 'inversify';
import { TOKENS } from 'cartrover-connector/contracts';
import type { SecretCipher } from 'cartrover-connector/contracts';

/**
 * The cipher is a plugin's binding (made after the host's own), so it is looked up when first
 * needed rather than when the host services are built.
 */
export type SecretCipherSource = () => SecretCipher;

export function cipherFromContainer(container: Container): SecretCipherSource {
  return () => {
    if (!container.isBound(TOKENS.SecretCipher)) {
      throw new Error('No SecretCipher is bound: load a plugin that provides one (TOKENS.SecretCipher) before storing secrets');
    }
    return container.get<SecretCipher>(TOKENS.SecretCipher);
  };
}
