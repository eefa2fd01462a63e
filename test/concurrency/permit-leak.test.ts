import fc from 'fast-check';
import { InProcessPoolRegistry, createPoolRequestHook, isPoolError } from '../../src/concurrency';

/**
 * Many requests with aborts (before and while waiting, and while holding), timeouts, failures and
 * re-binds, drawn by fast-check from a fixed seed (a failure replays exactly): afterwards nothing
 * is held or queued, and grants equal returns.
 */
const REQUESTS_PER_RUN = 2_000;
const RUNS = 10;
const SEED = 0x5eed_11;

/** What happens to one request. */
interface RequestPlan {
  /** `before`: aborted before it starts; a number: aborted that many ms after it starts. */
  readonly abort: 'never' | 'before' | number;
  /** ms the request holds its permit (null: a microtask). */
  readonly workMs: number | null;
  readonly fails: boolean;
}

const requestPlan: fc.Arbitrary<RequestPlan> = fc.record({
  abort: fc.oneof(
    { arbitrary: fc.constant('never' as const), weight: 75 },
    { arbitrary: fc.constant('before' as const), weight: 5 },
    { arbitrary: fc.integer({ min: 0, max: 20 }), weight: 20 },
  ),
  workMs: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 2 })),
  fails: fc.integer({ min: 0, max: 4 }).map((roll) => roll === 0),
});

async function runPlans(plans: readonly RequestPlan[]): Promise<{ registry: InProcessPoolRegistry; outcomes: Map<string, number> }> {
  const registry = new InProcessPoolRegistry();
  await registry.configure('p', 5);
  await registry.configure('q', 3);
  await registry.bind('a', 'p');
  await registry.bind('b', 'p');
  await registry.bind('c', 'q');
  const hooks = ['a', 'b', 'c'].map((connection) => createPoolRequestHook(registry, connection, { acquireTimeoutMs: 50 }));
  const outcomes = new Map<string, number>();
  const count = (outcome: string): void => {
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  };

  const requests: Promise<void>[] = [];
  for (const [index, plan] of plans.entries()) {
    const controller = new AbortController();
    if (plan.abort === 'before') controller.abort();
    else if (plan.abort !== 'never') setTimeout(() => controller.abort(), plan.abort);
    const hook = hooks[index % hooks.length]!;
    requests.push(
      hook(
        async () => {
          if (plan.workMs === null) await Promise.resolve();
          else await new Promise((resolve) => setTimeout(resolve, plan.workMs!));
          if (controller.signal.aborted) throw new Error('request aborted');
          if (plan.fails) throw new Error('HTTP 500');
        },
        { method: 'GET', path: '/x', attempt: 1, signal: controller.signal },
      ).then(
        () => count('ok'),
        (error: unknown) => count(isPoolError(error) ? error.code : (error as Error).message),
      ),
    );
    if (index % 500 === 0) await registry.bind('b', index % 1_000 === 0 ? 'q' : 'p');
  }
  await Promise.all(requests);
  return { registry, outcomes };
}

describe('permit leaks', () => {
  it('leaves nothing held or queued after aborts, timeouts, failures and re-binds (seeded)', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(requestPlan, { minLength: REQUESTS_PER_RUN, maxLength: REQUESTS_PER_RUN }), async (plans) => {
        const { registry, outcomes } = await runPlans(plans);
        for (const outcome of outcomes.keys()) seen.add(outcome);
        expect([...outcomes.values()].reduce((sum, n) => sum + n, 0)).toBe(REQUESTS_PER_RUN);
        for (const stats of await registry.stats()) expect(stats).toMatchObject({ inFlight: 0, queued: 0 });
        for (const pool of ['p', 'q']) {
          const counts = registry.permitCounts(pool)!;
          expect(counts.granted).toBe(counts.returned);
        }
        // The permits are really back: every pool grants its full level at once.
        for (const [connection, level] of [['a', 5], ['c', 3]] as const) {
          const leases = await Promise.all(Array.from({ length: level }, () => registry.acquire(connection, { timeoutMs: 0 })));
          for (const lease of leases) lease.release();
        }
      }),
      // Shrinking a 2,000-request schedule of timers is slow and the seed replays it anyway.
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The schedules really exercised every path.
    expect([...seen].sort()).toEqual(expect.arrayContaining(['ok', 'aborted', 'HTTP 500', 'request aborted']));
  });
});
