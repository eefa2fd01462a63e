/** The master key is missing, unreadable or malformed: the host refuses to start (never a silent new key). */
export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}
