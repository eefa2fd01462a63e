import { CartRoverError } from './cartrover-error';

export interface TransportFailureContext {
  readonly method: string;
  readonly path: string;
  /** scheme://host:port of the base URL (never user info). */
  readonly origin: string;
  readonly latencyMs: number;
  readonly timeoutMs: number;
  /** Our own timer cancelled the request. */
  readonly timedOut: boolean;
  /** The caller's signal cancelled the request. */
  readonly aborted: boolean;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * Turns a failed wire attempt (no HTTP response) into a CartRoverError. Only Node's error code is
 * read from the underlying error: an AxiosError also carries the request config and headers, i.e.
 * the credentials, so it must never be kept, wrapped as `cause`, or have its text copied.
 */
export function transportFailure(error: unknown, context: TransportFailureContext): CartRoverError {
  const common = { method: context.method, path: context.path, latencyMs: context.latencyMs };
  if (context.aborted) {
    return new CartRoverError({ kind: 'aborted', message: 'The CartRover request was aborted by the caller.', ...common });
  }
  const code = errorCode(error);
  if (context.timedOut || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return new CartRoverError({
      kind: 'timeout',
      message: `CartRover (${context.origin}) did not answer within ${context.timeoutMs} ms.`,
      networkCode: code === 'ERR_CANCELED' ? undefined : code,
      ...common,
    });
  }
  return new CartRoverError({
    kind: 'network',
    message: `Could not reach CartRover at ${context.origin}: ${describeNetworkCode(code, error)}.`,
    networkCode: code ?? (isSocketHangUp(error) ? 'ECONNRESET' : undefined),
    ...common,
  });
}

function describeNetworkCode(code: string | undefined, error: unknown): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the address right and the server up?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    case 'ECONNRESET':
      return isSocketHangUp(error) ? 'the connection was closed without an answer (socket hang up)' : 'the connection was reset';
    case 'EPIPE':
      return 'the connection was closed while sending';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the network or host is unreachable';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the TLS certificate was not accepted (${code})`;
    case undefined:
      return isSocketHangUp(error) ? 'the connection was closed without an answer (socket hang up)' : 'the request failed without an answer';
    default:
      return `the request failed (${code})`;
  }
}

/** Node's error code, from the error or its cause; only well-formed codes are trusted. */
function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 3; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) && code !== 'ERR_NETWORK' && code !== 'ERR_BAD_RESPONSE') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isSocketHangUp(error: unknown): boolean {
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' && /socket hang up/i.test(message);
}
