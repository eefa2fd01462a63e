import type { TestResult } from 'cartrover-connector/contracts';

/**
 * Kinds that say "not now" rather than "broken": a throttled or saturated connection is not
 * offline, so runs keep going (they wait in the pool or back off) instead of failing at once.
 */
const TRANSIENT_KINDS: ReadonlySet<string> = new Set(['rate_limit', 'busy']);

/** Whether a test failed only for now (throttled or saturated), which says nothing about the connection. */
export function isTransientFailure(test: TestResult): boolean {
  return !test.ok && test.kind !== undefined && TRANSIENT_KINDS.has(test.kind);
}

/** Whether a connection is offline after this test; a transient failure keeps the previous state. */
export function offlineAfterTest(test: TestResult, previouslyOffline: boolean): boolean {
  if (test.ok) return false;
  if (isTransientFailure(test)) return previouslyOffline;
  return true;
}
