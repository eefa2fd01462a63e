import type { TestResult } from 'cartrover-connector/contracts';

/**
 * Kinds that say "not now" rather than "broken": a throttled or saturated connection is not
 * offline, so runs keep going (they wait in the pool or back off) instead of failing at once.
 */
const TRANSIENT_KINDS: ReadonlySet<string> = new Set(['rate_limit', 'busy']);

/** Whether a connection is offline after this test; a transient failure keeps the previous state. */
export function offlineAfterTest(test: TestResult, previouslyOffline: boolean): boolean {
  if (test.ok) return false;
  if (test.kind !== undefined && TRANSIENT_KINDS.has(test.kind)) return previouslyOffline;
  return true;
}
