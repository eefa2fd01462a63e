import type { ConnectionValues } from './connection';

export type TestFailureKind =
  | 'auth'
  | 'network'
  | 'timeout'
  | 'rate_limit'
  | 'server'
  | 'config'
  | 'busy'
  | 'internal';

/** The outcome of "Test connection". The message is specific, actionable, and never holds a secret. */
export interface TestResult {
  readonly ok: boolean;
  readonly kind?: TestFailureKind;
  readonly message: string;
  readonly latencyMs: number;
  /** The remote system's request id, to quote to its support. */
  readonly processId?: string;
  /** Field errors, when `kind` is `config`. */
  readonly errors?: Readonly<Record<string, string>>;
}

export interface TestRequest {
  /** Set when testing a stored connection (its pool is used). */
  readonly connectionId?: string;
  /** Complete values with secrets in clear (the host resolved masks to stored secrets). */
  readonly values: ConnectionValues;
  /**
   * True when the host has just validated `values` with this app's connection form (for this
   * connection and the current connections): the handler does not validate them again.
   */
  readonly validated?: boolean;
  readonly signal?: AbortSignal;
}

export interface ConnectionTestHandler {
  test(request: TestRequest): Promise<TestResult>;
}
