import { AsyncLocalStorage } from 'node:async_hooks';
import type { PoolLease } from '../contracts';

/**
 * Which permits the current async context holds, so that asking a pool again while holding one of
 * its permits fails at once (`reentrant`) instead of deadlocking (async-mutex is not reentrant:
 * with level 1 the second acquire would wait for itself forever).
 *
 * Limits, by construction of AsyncLocalStorage:
 * - Only code run through {@link runHoldingPermit} is known to hold the permit (the request hook
 *   does so around `send`). A bare `acquire()` whose caller keeps the lease outside such a scope is
 *   invisible here; such a caller can still deadlock itself.
 * - The scope covers what `fn` starts, including detached work (timers, un-awaited promises).
 *   A permit counts as held only while the scope is open and the lease unreleased, so detached
 *   work that outlives the request is not refused later.
 * - Holding is per async context, never a process-wide flag: parallel branches of a
 *   `Promise.all` started outside the scope do not see each other's permits.
 */
const heldPermits = new AsyncLocalStorage<readonly HeldPermit[]>();

/** One permit held by the current context. */
export interface HeldPermit {
  readonly lease: PoolLease;
  /** False once the scope that holds it has ended. */
  readonly inScope: () => boolean;
}

/** Runs `fn` with `lease` marked as held in its async context (and the contexts it starts). */
export async function runHoldingPermit<T>(lease: PoolLease, fn: () => Promise<T>): Promise<T> {
  let open = true;
  const permit: HeldPermit = { lease, inScope: () => open };
  const outer = heldPermits.getStore();
  try {
    return await heldPermits.run(outer ? [...outer, permit] : [permit], fn);
  } finally {
    open = false;
  }
}

/** The permits of the current context, to keep with a waiter (undefined: none). */
export function currentHeldPermits(): readonly HeldPermit[] | undefined {
  return heldPermits.getStore();
}

/** True when `held` includes a still-held permit of `poolId`. */
export function holdsPermitOf(held: readonly HeldPermit[] | undefined, poolId: string): boolean {
  if (!held) return false;
  return held.some((permit) => permit.lease.poolId === poolId && permit.inScope() && !isReleased(permit.lease));
}

/** Leases of the in-process registry say whether they were released; others count as held. */
function isReleased(lease: PoolLease): boolean {
  return (lease as { readonly released?: unknown }).released === true;
}
