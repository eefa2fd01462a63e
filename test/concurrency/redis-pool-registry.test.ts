import type { PoolLease } from '../../src/contracts';
import type { RedisPoolRegistry } from '../../src/concurrency/redis';
import { poolRegistryContract, until } from './support/pool-registry-contract';
import { RedisRegistrySubject } from './support/redis-registry-subject';
import { describeWithRedis } from './support/redis-server';

describeWithRedis('RedisPoolRegistry (contract)', () => {
  const subject = new RedisRegistrySubject();
  beforeAll(() => subject.startServer());
  afterAll(() => subject.stopServer());
  poolRegistryContract(subject);
});

/** Two registries on one prefix stand for two processes sharing the pools. */
describeWithRedis('RedisPoolRegistry across processes', () => {
  const subject = new RedisRegistrySubject();
  beforeAll(() => subject.startServer());
  afterAll(() => subject.stopServer());
  afterEach(() => subject.cleanup());

  async function twoProcesses(level: number, overtaking: 'within-level' | 'none') {
    subject.freshPrefix();
    const a = await subject.join({ overtaking });
    const b = await subject.join({ overtaking });
    await a.configure('p', level);
    await a.bind('conn', 'p');
    await until(() => b.poolOf('conn') === 'p');
    return { a, b };
  }

  /** Queues one acquire per label (each queued before the next), recording the grant order. */
  async function queueInOrder(requests: [string, RedisPoolRegistry][], observer: RedisPoolRegistry) {
    const granted: string[] = [];
    const leases = new Map<string, PoolLease>();
    for (const [index, [label, registry]] of requests.entries()) {
      void registry.acquire('conn').then((lease) => {
        granted.push(label);
        leases.set(label, lease);
      });
      await until(async () => (await observer.stats())[0].queued === index + 1);
    }
    return { granted, leases };
  }

  it('sees every process holders and waiters in stats', async () => {
    const { a, b } = await twoProcesses(1, 'none');
    const held = await a.acquire('conn');
    void b.acquire('conn').then((lease) => lease.release());
    await until(async () => (await b.stats())[0].queued === 1);
    for (const registry of [a, b]) expect((await registry.stats())[0]).toMatchObject({ poolId: 'p', level: 1, inFlight: 1, queued: 1 });
    held.release();
    await until(async () => (await a.stats())[0].inFlight === 0);
  });

  it('serves waiters of several processes in arrival order (strict FIFO)', async () => {
    const { a, b } = await twoProcesses(1, 'none');
    const holder = await a.acquire('conn');
    const { granted, leases } = await queueInOrder([['b1', b], ['a1', a], ['b2', b], ['a2', a]], a);
    holder.release();
    for (let served = 0; served < 4; served++) {
      await until(() => granted.length > served);
      leases.get(granted[served])!.release();
    }
    expect(granted).toEqual(['b1', 'a1', 'b2', 'a2']);
  });

  it('bounds overtaking: a releasing process serves its own waiter ahead of the head at most level times in a row', async () => {
    const { a, b } = await twoProcesses(2, 'within-level');
    const holders = [await a.acquire('conn'), await a.acquire('conn')];
    const { granted, leases } = await queueInOrder([['b1', b], ['a1', a], ['a2', a], ['a3', a]], a);
    holders[0].release(); // window [b1, a1]: a1 overtakes b1 (1)
    await until(() => granted.length === 1);
    holders[1].release(); // window [b1, a2]: a2 overtakes b1 (2 = level)
    await until(() => granted.length === 2);
    leases.get('a1')!.release(); // b1 has been overtaken level times: it is served now
    await until(() => granted.length === 3);
    leases.get('a2')!.release();
    await until(() => granted.length === 4);
    expect(granted).toEqual(['a1', 'a2', 'b1', 'a3']);
    for (const label of ['b1', 'a3']) leases.get(label)!.release();
  });
});
