import type { CartRoverError } from '../cartrover';
import { CIRCUIT_OPEN_CODE, isCartRoverError } from '../cartrover';
import { isPoolError } from '../concurrency';
import type { TestFailureKind, TestResult } from '../contracts';

/** What the handler knows besides the error, for messages a person can act on. */
export interface TestFailureFacts {
  readonly apiUser: string;
  readonly timeoutMs: number;
  /** Milliseconds since the test started (used when the error did not measure a wire attempt). */
  readonly elapsedMs: number;
  /** The name of a pool's root connection (pool ids are connection ids). */
  readonly poolName: (poolId: string | undefined) => string;
}

export const AUTH_FAILURE_MESSAGE =
  'CartRover rejected the API user or key: check the Merchant API keys in CartRover (Merchants → Merchant API Keys)';

/**
 * Maps whatever a ping threw to a {@link TestResult}: one kind of the contract and a specific,
 * actionable message. Messages are built from safe fields only (never a raw error's text beyond
 * CartRover's own message, which the client already redacted).
 */
export function testFailureResult(error: unknown, facts: TestFailureFacts): TestResult {
  if (isPoolError(error)) {
    if (error.code === 'timeout' || error.code === 'queue_full') {
      return failure('busy', `Concurrency pool ${facts.poolName(error.poolId)} is busy; try again shortly`, facts.elapsedMs);
    }
    if (error.code === 'aborted') return failure('internal', 'The test was cancelled before it could start', facts.elapsedMs);
    return failure('internal', `The concurrency pool of this connection is not available (${error.code}); try again shortly`, facts.elapsedMs);
  }
  if (isCartRoverError(error)) return cartRoverFailure(error, facts);
  const name = error instanceof Error ? error.name : typeof error;
  return failure('internal', `The test failed unexpectedly (${name}); try again, and report it if it persists`, facts.elapsedMs);
}

function cartRoverFailure(error: CartRoverError, facts: TestFailureFacts): TestResult {
  const latencyMs = error.latencyMs ?? facts.elapsedMs;
  const processId = error.processId;
  const withId = (message: string): string => (processId ? `${message} (CartRover process id ${processId})` : message);
  const result = (kind: TestFailureKind, message: string): TestResult => ({
    ...failure(kind, message, latencyMs),
    ...(processId ? { processId } : {}),
  });
  switch (error.kind) {
    case 'auth':
      return result('auth', AUTH_FAILURE_MESSAGE);
    case 'network':
      // The circuit's own message says why nothing was sent and when it will probe again.
      if (error.networkCode === CIRCUIT_OPEN_CODE) return result('network', error.message);
      return result(
        'network',
        `Could not reach CartRover${error.networkCode ? ` (${error.networkCode})` : ''}: check the network connection and the host's CARTROVER_BASE_URL setting`,
      );
    case 'timeout':
      return result('timeout', `CartRover did not answer within ${duration(facts.timeoutMs)}; try again in a moment`);
    case 'rate_limit':
      return result('rate_limit', `CartRover's rate limit for API user ${facts.apiUser} is exhausted; ${retryHint(error.retryAfterMs)}`);
    case 'invalid_response':
      return result('server', withId(`CartRover answered with an unexpected response${statusOf(error)}: ${error.message}`));
    case 'config':
      return result('config', error.message);
    case 'aborted':
      return result('internal', 'The test was cancelled before CartRover answered');
    case 'server':
      // No CartRover error envelope (an HTML error page, a proxy): not CartRover's words.
      if (error.errorCode === undefined) {
        return result('server', withId(`CartRover answered with an unexpected response${statusOf(error)}: ${error.message}`));
      }
      return result('server', withId(`CartRover reported an error${statusOf(error)}: ${error.message}`));
    default:
      // not_found, conflict, rejected: CartRover's own words, with its process id for support.
      return result('server', withId(`CartRover reported an error${statusOf(error)}: ${error.message}`));
  }
}

function retryHint(retryAfterMs: number | undefined): string {
  if (retryAfterMs === undefined) return 'retry in a few seconds (CartRover refills one call every 0.6 s)';
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `retry in ${seconds} s`;
}

function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms)} ms`;
}

function statusOf(error: CartRoverError): string {
  return error.httpStatus !== undefined ? ` (HTTP ${error.httpStatus})` : '';
}

function failure(kind: TestFailureKind, message: string, latencyMs: number): TestResult {
  return { ok: false, kind, message, latencyMs: Math.max(0, Math.round(latencyMs)) };
}
