import type { Logger } from '../contracts';

/** Used when no logger is given: the client logs at debug only, so silence is a fine default. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
