import type { PoolErrorCode } from '../contracts';

/**
 * Why a permit could not be had. Callers branch on `code` (a test answers `busy` on `timeout`),
 * and the message names the pool so that a user can tell which budget is exhausted.
 */
export class PoolError extends Error {
  override readonly name = 'PoolError';

  constructor(
    readonly code: PoolErrorCode,
    /** The pool concerned; undefined when the connection has none (`unbound`). */
    readonly poolId: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * True for a {@link PoolError}, also one thrown by another copy of this module (a host and a
 * plugin built separately), hence the structural check besides `instanceof`.
 */
export function isPoolError(error: unknown): error is PoolError {
  if (error instanceof PoolError) return true;
  return (
    error instanceof Error &&
    error.name === 'PoolError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}
