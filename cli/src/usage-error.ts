/** The command line or the configuration is wrong: exit 2, with this message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
