import type { AcquireOptions } from '../contracts';
import { currentHeldPermits, holdsPermitOf } from './held-permits';
import { PoolError } from './pool-error';

/** A caller that holds a permit of a pool and asks it for another would wait on itself. */
export function reentrantError(connectionId: string, poolId: string): PoolError {
  return new PoolError(
    'reentrant',
    poolId,
    `Connection ${connectionId} asked concurrency pool ${poolId} for a permit while its caller already holds one ` +
      'of that pool; waiting would deadlock. Hold a permit only around a single request.',
  );
}

/**
 * What every backend refuses before an acquire waits, in one order: no pool, a re-entrant caller,
 * options out of range, a signal already aborted. Undefined when the acquire may go on.
 */
export function acquireRefusal(connectionId: string, poolId: string | undefined, options: AcquireOptions | undefined): Error | undefined {
  if (!poolId) return new PoolError('unbound', undefined, `Connection ${connectionId} is not bound to a concurrency pool`);
  const held = currentHeldPermits();
  if (held && holdsPermitOf(held, poolId)) return reentrantError(connectionId, poolId);
  const priority = options?.priority ?? 0;
  if (!Number.isFinite(priority)) return new RangeError(`priority must be a finite number, got ${priority}`);
  const timeoutMs = options?.timeoutMs;
  if (timeoutMs !== undefined && !(timeoutMs >= 0)) return new RangeError(`timeoutMs must be >= 0, got ${timeoutMs}`);
  const signal = options?.signal;
  if (signal?.aborted) {
    return new PoolError('aborted', poolId, `Gave up waiting for a permit of concurrency pool ${poolId}: aborted`, { cause: signal.reason });
  }
  return undefined;
}
