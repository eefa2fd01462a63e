import fc from 'fast-check';
import { isPoolError, runHoldingPermit } from '../../../src/concurrency';
import { settle } from './deferred';
import type { RegistrySubject, RegistryUnderTest } from './pool-registry-contract';

/**
 * The property test of the pool contract, for any backend. Random sequences of acquire (with abort, timeout, throw), resize and re-bind against the
 * registry. After every step: no pool above its cap (its level, or the in-flight count it had when
 * lowered, since lowering never preempts), counted both by `stats()` and by an independent counter
 * of running tasks. At the end: nothing held or queued, grants == returns, every request settled once.
 */
const POOLS = ['p1', 'p2', 'p3'];
const CONNECTIONS = ['c1', 'c2', 'c3', 'c4'];

type Step =
  | {
      kind: 'acquire';
      connection: string;
      priority: number;
      durationMs: number;
      throws: boolean;
      abortAfterMs: number | null;
      timeoutMs: number | null;
    }
  | { kind: 'resize'; pool: string; level: number }
  | { kind: 'rebind'; connection: string; pool: string }
  | { kind: 'wait'; ms: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('acquire' as const),
      connection: fc.constantFrom(...CONNECTIONS),
      priority: fc.integer({ min: 0, max: 2 }),
      durationMs: fc.integer({ min: 0, max: 4 }),
      throws: fc.boolean(),
      abortAfterMs: fc.option(fc.integer({ min: 0, max: 4 })),
      timeoutMs: fc.option(fc.integer({ min: 0, max: 6 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resize' as const), pool: fc.constantFrom(...POOLS), level: fc.integer({ min: 1, max: 4 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('rebind' as const), connection: fc.constantFrom(...CONNECTIONS), pool: fc.constantFrom(...POOLS) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 5 }) }) },
);

export interface PropertyOptions {
  readonly numRuns: number;
  /**
   * In flight of a pool right now, read synchronously with the resize (exact cap after lowering);
   * without it the cap after lowering is the previous cap (in flight never exceeded it).
   */
  readonly inFlightNow?: (registry: RegistryUnderTest, poolId: string) => number;
}

export function poolRegistryProperty(subject: RegistrySubject, options: PropertyOptions): void {
  afterEach(async () => {
    await subject.cleanup?.();
  });

  it('keeps every pool within its level and returns to zero', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 40 }), async (steps) => {
        const registry = await subject.create();
        const cap = new Map<string, number>();
        const running = new Map<string, number>(POOLS.map((pool) => [pool, 0]));
        const violations: string[] = [];
        for (const pool of POOLS) {
          await registry.configure(pool, 2);
          cap.set(pool, 2);
        }
        for (const [index, connection] of CONNECTIONS.entries()) await registry.bind(connection, POOLS[index % POOLS.length]);

        let issued = 0;
        let ran = 0;
        let failed = 0;
        const rejected = new Map<string, number>();
        const requests: Promise<void>[] = [];

        const checkPools = async (where: string) => {
          for (const stats of await registry.stats()) {
            const allowed = cap.get(stats.poolId)!;
            if (stats.inFlight > allowed) violations.push(`${where}: ${stats.poolId} in flight ${stats.inFlight} > ${allowed}`);
            if (running.get(stats.poolId)! > stats.inFlight) violations.push(`${where}: ${stats.poolId} runs more than it holds`);
            if (stats.inFlight <= stats.level) cap.set(stats.poolId, stats.level); // drained below a lowered level
          }
        };

        /** One request as the client hook runs it, with an independent count of running tasks. */
        const runRequest = async (step: Extract<Step, { kind: 'acquire' }>, signal: AbortSignal): Promise<void> => {
          let lease;
          try {
            lease = await registry.acquire(step.connection, { signal, priority: step.priority, timeoutMs: step.timeoutMs ?? undefined });
          } catch (error) {
            if (!isPoolError(error)) throw error;
            rejected.set(error.code, (rejected.get(error.code) ?? 0) + 1);
            return;
          }
          const pool = lease.poolId;
          try {
            await runHoldingPermit(lease, async () => {
              ran++;
              running.set(pool, running.get(pool)! + 1);
              if (running.get(pool)! > cap.get(pool)!) violations.push(`${pool}: ${running.get(pool)} running > cap ${cap.get(pool)}`);
              try {
                await new Promise((resolve) => setTimeout(resolve, step.durationMs));
                if (step.throws) throw new Error('request failed');
              } finally {
                running.set(pool, running.get(pool)! - 1);
              }
            });
          } catch (error) {
            if (!(error instanceof Error && error.message === 'request failed')) throw error;
            failed++;
          } finally {
            lease.release();
            lease.release(); // idempotent: must not give the permit back twice
          }
        };

        for (const step of steps) {
          if (step.kind === 'acquire') {
            issued++;
            const controller = new AbortController();
            if (step.abortAfterMs !== null) setTimeout(() => controller.abort(), step.abortAfterMs);
            requests.push(runRequest(step, controller.signal));
          } else if (step.kind === 'resize') {
            // Read in flight and resize in one synchronous stretch: no grant can slip in between.
            const inFlight = options.inFlightNow ? options.inFlightNow(registry, step.pool) : cap.get(step.pool)!;
            cap.set(step.pool, Math.max(step.level, inFlight));
            await registry.configure(step.pool, step.level);
          } else if (step.kind === 'rebind') {
            await registry.bind(step.connection, step.pool);
          } else {
            await new Promise((resolve) => setTimeout(resolve, step.ms));
          }
          await settle();
          await checkPools(`after ${step.kind}`);
        }
        await Promise.all(requests);
        await checkPools('at the end');

        expect(violations).toEqual([]);
        for (const stats of await registry.stats()) {
          expect(stats).toMatchObject({ inFlight: 0, queued: 0 });
          const counts = registry.permitCounts(stats.poolId) ?? { granted: 0, returned: 0 };
          expect(counts.granted).toBe(counts.returned);
        }
        const totalGranted = POOLS.reduce((sum, pool) => sum + (registry.permitCounts(pool)?.granted ?? 0), 0);
        expect(totalGranted).toBe(ran);
        expect([...rejected.keys()].filter((code) => code !== 'aborted' && code !== 'timeout')).toEqual([]);
        expect(ran + (rejected.get('aborted') ?? 0) + (rejected.get('timeout') ?? 0)).toBe(issued);
        expect(failed).toBeLessThanOrEqual(ran);
      }),
      { numRuns: options.numRuns },
    );
  });
}
