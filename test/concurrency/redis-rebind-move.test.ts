import type { PoolLease } from '../../src/contracts';
import type { RedisPoolRegistry } from '../../src/concurrency/redis';
import { until } from './support/pool-registry-contract';
import { RedisRegistrySubject } from './support/redis-registry-subject';
import { describeWithRedis } from './support/redis-server';

const WAITERS = 200;
const OLD_LEVEL = 4;

/**
 * The re-bind rule (src/concurrency/README.md): on a re-bind, requests still queued move to the new pool. A process moves all of a
 * connection's queued waiters at once, so the old pool, held full at the re-bind instant (no
 * permit free), grants none of them when its holders release during the move, and they keep
 * their order in the new pool.
 */
describeWithRedis('RedisPoolRegistry re-bind of a long line (two processes)', () => {
  const subject = new RedisRegistrySubject();
  beforeAll(() => subject.startServer());
  afterAll(() => subject.stopServer());
  afterEach(() => subject.cleanup());

  /** Two processes: `other` holds every permit of pool `old`, where `waiting`'s connection is bound. */
  async function oldPoolHeldFull() {
    subject.freshPrefix();
    const waiting = await subject.join();
    const other = await subject.join();
    await other.configure('old', OLD_LEVEL);
    await other.configure('new', 1);
    await other.bind('conn', 'old');
    await other.bind('holder', 'old');
    await until(() => waiting.poolOf('conn') === 'old' && waiting.poolOf('holder') === 'old');

    const holders = await Promise.all(Array.from({ length: OLD_LEVEL }, () => other.acquire('holder')));
    return { waiting, other, holders };
  }

  async function stats(registry: RedisPoolRegistry, poolId: string) {
    return (await registry.stats()).find((pool) => pool.poolId === poolId)!;
  }

  it.each([
    ['another process re-binds', false],
    ['the waiters process re-binds', true],
  ])('moves every queued waiter to the new pool; the old pool grants none of them (%s)', async (_, waitersProcessRebinds) => {
    const { waiting, other, holders } = await oldPoolHeldFull();
    const rebinder = waitersProcessRebinds ? waiting : other;
    const grantsByPool = new Map<string, number>();
    const grantOrder: number[] = [];
    const granted = Array.from({ length: WAITERS }, (_, index) =>
      waiting.acquire('conn').then((lease: PoolLease) => {
        grantsByPool.set(lease.poolId, (grantsByPool.get(lease.poolId) ?? 0) + 1);
        grantOrder.push(index);
        lease.release();
      }),
    );
    await until(async () => (await stats(other, 'old')).queued === WAITERS, 5000, 'every waiter queued in the old pool');

    const rebound = rebinder.bind('conn', 'new');
    // The move has begun once a waiter reached the new pool: the old holders leave now, mid-move.
    await until(async () => {
      const arrived = await stats(other, 'new');
      return arrived.queued + arrived.inFlight > 0;
    }, 5000, 'the first waiter in the new pool');
    for (const holder of holders) holder.release();
    await rebound;
    await Promise.all(granted);

    expect(Object.fromEntries(grantsByPool)).toEqual({ new: WAITERS });
    expect(grantOrder).toEqual(Array.from({ length: WAITERS }, (_, index) => index)); // moved in their order
    expect(waiting.permitCounts('new')).toEqual({ granted: WAITERS, returned: WAITERS });
    expect(waiting.permitCounts('old')).toBeUndefined();
    await until(async () => (await other.stats()).every((pool) => pool.inFlight === 0 && pool.queued === 0), 5000, 'both pools idle');
  });

  it('loses no permit and no place in line when waiters give up while they move', async () => {
    const { waiting, other, holders } = await oldPoolHeldFull();
    const controllers = Array.from({ length: WAITERS }, () => new AbortController());
    const grantedPools: string[] = [];
    const grantOrder: number[] = [];
    const outcomes = controllers.map((controller, index) =>
      waiting.acquire('conn', { signal: controller.signal }).then(
        (lease: PoolLease) => {
          grantedPools.push(lease.poolId);
          grantOrder.push(index);
          lease.release();
          return 'granted';
        },
        (error: { code?: string }) => error.code,
      ),
    );
    await until(async () => (await stats(other, 'old')).queued === WAITERS, 5000, 'every waiter queued in the old pool');

    // Every 4th waiter gives up, one per turn of the event loop, across the whole move.
    const quitters = controllers.filter((_, index) => index % 4 === 1);
    const rebound = other.bind('conn', 'new');
    for (const controller of quitters) {
      controller.abort();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(async () => {
      const arrived = await stats(other, 'new');
      return arrived.queued + arrived.inFlight > 0;
    }, 5000, 'the first waiter in the new pool');
    for (const holder of holders) holder.release();
    await rebound;
    const settled = await Promise.all(outcomes);

    settled.forEach((outcome, index) => expect([index, outcome]).toEqual([index, index % 4 === 1 ? expect.stringMatching(/^(aborted|granted)$/) : 'granted']));
    expect(new Set(grantedPools)).toEqual(new Set(['new']));
    expect(grantOrder).toEqual([...grantOrder].sort((x, y) => x - y));
    expect(waiting.permitCounts('new')).toEqual({ granted: grantOrder.length, returned: grantOrder.length });
    await until(async () => (await other.stats()).every((pool) => pool.inFlight === 0 && pool.queued === 0), 5000, 'both pools idle');
  });
});
