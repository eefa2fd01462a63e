import { InProcessPoolRegistry, createPoolRequestHook, isPoolError } from '../../src/concurrency';

/**
 * Many requests with random aborts (before and while waiting, and while holding), timeouts,
 * failures and re-binds: afterwards nothing is held or queued, and grants equal returns.
 */
const REQUESTS = 20_000;

describe('permit leaks', () => {
  it('leaves nothing held or queued after random aborts, timeouts and failures', async () => {
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
    for (let index = 0; index < REQUESTS; index++) {
      const controller = new AbortController();
      const roll = Math.random();
      if (roll < 0.05) controller.abort();
      else if (roll < 0.25) setTimeout(() => controller.abort(), Math.random() * 20);
      const hook = hooks[index % hooks.length];
      requests.push(
        hook(
          async () => {
            if (Math.random() < 0.5) await new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
            else await Promise.resolve();
            if (controller.signal.aborted) throw new Error('request aborted');
            if (Math.random() < 0.2) throw new Error('HTTP 500');
          },
          { method: 'GET', path: '/x', attempt: 1, signal: controller.signal },
        ).then(
          () => count('ok'),
          (error: unknown) => count(isPoolError(error) ? error.code : (error as Error).message),
        ),
      );
      if (index % 2_000 === 0) await registry.bind('b', index % 4_000 === 0 ? 'q' : 'p');
    }
    await Promise.all(requests);

    expect([...outcomes.values()].reduce((sum, n) => sum + n, 0)).toBe(REQUESTS);
    expect([...outcomes.keys()].sort()).toEqual(expect.arrayContaining(['ok', 'aborted', 'HTTP 500']));
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
  });
});
