/**
 * The host's own secrets (its token, master key, HTTP credentials), censored in log fields wherever
 * they appear (pino redaction supports one wildcard level per path, so the usual nestings are
 * listed). Plugins' secret fields are not spelled here: the host learns them from their forms
 * (secret-field-redaction.ts). A second line of defence: code must not log secrets in the first place.
 */
const SECRET_KEYS = ['password', 'secret', 'secrets', 'authorization', 'Authorization', 'token', 'masterKey'];

export const REDACTION_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => [
  key,
  `*.${key}`,
  `*.*.${key}`,
  `headers.${key.toLowerCase()}`,
  `*.headers.${key.toLowerCase()}`,
  `*.*.headers.${key.toLowerCase()}`,
]).filter((value, index, all) => all.indexOf(value) === index);

export const REDACTION_CENSOR = '[redacted]';
