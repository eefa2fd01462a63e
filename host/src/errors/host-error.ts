/**
 * A failure the host reports to its caller as an HTTP answer: a status, a stable machine-readable
 * code, a human message and, where useful, more fields (field errors, the failed test...).
 */
export class HostError extends Error {
  override readonly name: string = 'HostError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
