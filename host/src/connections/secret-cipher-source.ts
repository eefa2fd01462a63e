import type { SecretCipher } from 'cartrover-connector/contracts';

/** The host's cipher for secrets at rest (HostSecretCipher, bound by the host before any plugin). */
export type SecretCipherSource = () => SecretCipher;
