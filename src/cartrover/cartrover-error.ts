/**
 * What went wrong, in terms a caller can act on:
 * - `auth`: credentials refused (401/403, or an `Invalid` answer about the API user/key).
 * - `network`: no usable connection (refused, DNS, reset, socket hang up).
 * - `timeout`: no complete answer within the request timeout.
 * - `rate_limit`: `RateLimit` error code or HTTP 429.
 * - `server`: HTTP 5xx (with or without a JSON body).
 * - `config`: a client-side problem found before any request (bad base URL, missing credentials,
 *   an order without `cust_ref`, a page size out of range).
 * - `not_found`: HTTP 404, or a `success_code:false` answer saying the resource does not exist.
 * - `conflict`: a duplicate (`Failure` / OrderDuplicate, or HTTP 409).
 * - `rejected`: the server understood the request and refused its data (`Invalid` / `Failure`
 *   otherwise, other 4xx).
 * - `aborted`: the caller's AbortSignal fired.
 * - `invalid_response`: a 2xx answer that is not the expected JSON envelope, or a redirect.
 */
export type CartRoverErrorKind =
  | 'auth'
  | 'network'
  | 'timeout'
  | 'rate_limit'
  | 'server'
  | 'config'
  | 'not_found'
  | 'conflict'
  | 'rejected'
  | 'aborted'
  | 'invalid_response';

export interface CartRoverErrorDetails {
  readonly kind: CartRoverErrorKind;
  readonly message: string;
  readonly httpStatus?: number;
  /** The envelope's `error_code`: `Invalid`, `Failure`, `RateLimit`, or another string. */
  readonly errorCode?: string;
  /** `X-CartRover-Process-ID`: quote it to CartRover support. */
  readonly processId?: string;
  /** How long the server asked us to wait (Retry-After), when it said so. */
  readonly retryAfterMs?: number;
  /** Node's error code for transport failures (ECONNREFUSED, ECONNRESET, ...). */
  readonly networkCode?: string;
  readonly method?: string;
  /** The request path without its query string. */
  readonly path?: string;
  /** Duration of the last wire attempt, when one was made. */
  readonly latencyMs?: number;
  /** Wire attempts made before giving up. */
  readonly attempts?: number;
}

/**
 * The only error the client throws for CartRover failures. Built from safe fields only: it never
 * holds a request, a response, headers or an underlying AxiosError (those carry the credentials).
 */
export class CartRoverError extends Error implements CartRoverErrorDetails {
  override readonly name = 'CartRoverError';
  readonly kind: CartRoverErrorKind;
  readonly httpStatus?: number;
  readonly errorCode?: string;
  readonly processId?: string;
  readonly retryAfterMs?: number;
  readonly networkCode?: string;
  readonly method?: string;
  readonly path?: string;
  readonly latencyMs?: number;
  readonly attempts?: number;

  constructor(details: CartRoverErrorDetails) {
    super(details.message);
    this.kind = details.kind;
    this.httpStatus = details.httpStatus;
    this.errorCode = details.errorCode;
    this.processId = details.processId;
    this.retryAfterMs = details.retryAfterMs;
    this.networkCode = details.networkCode;
    this.method = details.method;
    this.path = details.path;
    this.latencyMs = details.latencyMs;
    this.attempts = details.attempts;
    // Drop undefined fields so util.inspect and JSON output stay short.
    for (const key of Object.keys(this) as (keyof this)[]) {
      if (this[key] === undefined) delete this[key];
    }
  }

  /** A copy with some details changed (e.g. the ping re-reading `Invalid` as `auth`). */
  with(changes: Partial<CartRoverErrorDetails>): CartRoverError {
    return new CartRoverError({ ...this.toJSON(), ...changes });
  }

  /** Whether the server is known not to have processed the request (safe to send again). */
  get notProcessed(): boolean {
    return this.kind === 'rate_limit' || this.networkCode === 'ECONNREFUSED' || this.networkCode === 'ENOTFOUND';
  }

  toJSON(): CartRoverErrorDetails & { name: string } {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      httpStatus: this.httpStatus,
      errorCode: this.errorCode,
      processId: this.processId,
      retryAfterMs: this.retryAfterMs,
      networkCode: this.networkCode,
      method: this.method,
      path: this.path,
      latencyMs: this.latencyMs,
      attempts: this.attempts,
    };
  }
}

export function isCartRoverError(value: unknown): value is CartRoverError {
  return value instanceof CartRoverError;
}
