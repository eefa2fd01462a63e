import type { Logger } from '../contracts';

/** Used when the host binds no logger: a plugin must not write to a host's output on its own. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
