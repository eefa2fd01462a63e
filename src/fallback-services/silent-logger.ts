import type { Logger } from '../contracts';

/** Used only when the host binds no logger: a plugin must not write to a host's stdout on its own. */
export class SilentLogger implements Logger {
  debug(): void {}
  info(): void {}
  warn(): void {}
  error(): void {}
}
