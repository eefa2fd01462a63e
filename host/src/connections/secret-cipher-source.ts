import type { SecretCipher } from '../secrets/secret-cipher';

/** The host's cipher for secrets at rest (HostSecretCipher, bound by the host before any plugin). */
export type SecretCipherSource = () => SecretCipher;
