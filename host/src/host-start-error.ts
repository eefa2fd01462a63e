/** The host was asked to start in a way it refuses (e.g. a non-loopback bind without an allow-list). */
export class HostStartError extends Error {
  override readonly name = 'HostStartError';
}
