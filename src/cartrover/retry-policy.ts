import type { CartRoverError } from './cartrover-error';
import { CIRCUIT_OPEN_CODE } from './connection-circuit';

/**
 * Which failures a call may send again:
 * - `reads`: idempotent reads; anything transient (rate limit, 5xx, network, timeout).
 * - `unprocessed`: state-changing calls (update, cancel); only failures where the server surely
 *   did not act (rate limit, connection refused, unknown host). Creates use this too and settle
 *   the unknown outcomes themselves by reading the order back.
 * - `none`: one attempt only (the ping: its outcome is the answer).
 */
export type RetryPolicy = 'reads' | 'unprocessed' | 'none';

const TRANSIENT_KINDS = new Set(['rate_limit', 'server', 'network', 'timeout']);

export function isRetryable(policy: RetryPolicy, error: CartRoverError): boolean {
  // An open circuit refuses at once until its probe time: retrying sooner only burns attempts.
  if (error.networkCode === CIRCUIT_OPEN_CODE) return false;
  switch (policy) {
    case 'reads':
      return TRANSIENT_KINDS.has(error.kind);
    case 'unprocessed':
      return error.notProcessed;
    case 'none':
      return false;
  }
}
