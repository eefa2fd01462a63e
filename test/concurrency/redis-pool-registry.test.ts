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

  async function twoProcesses(level: number, localSliceMs: number) {
    subject.freshPrefix();
    const a = await subject.join({ localSliceMs });
    const b = await subject.join({ localSliceMs });
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
    const { a, b } = await twoProcesses(1, 0);
    const held = await a.acquire('conn');
    void b.acquire('conn').then((lease) => lease.release());
    await until(async () => (await b.stats())[0].queued === 1);
    for (const registry of [a, b]) expect((await registry.stats())[0]).toMatchObject({ poolId: 'p', level: 1, inFlight: 1, queued: 1 });
    held.release();
    await until(async () => (await a.stats())[0].inFlight === 0);
  });

  it('serves waiters of several processes in arrival order (strict FIFO without slices)', async () => {
    const { a, b } = await twoProcesses(1, 0);
    const holder = await a.acquire('conn');
    const { granted, leases } = await queueInOrder([['b1', b], ['a1', a], ['b2', b], ['a2', a]], a);
    holder.release();
    for (let served = 0; served < 4; served++) {
      await until(() => granted.length > served);
      leases.get(granted[served])!.release();
    }
    expect(granted).toEqual(['b1', 'a1', 'b2', 'a2']);
  });

  it('passes a released permit on within its slice to the same process, in its order, never to another process', async () => {
    const { a, b } = await twoProcesses(1, 2000);
    const held = await a.acquire('conn');
    const { granted, leases } = await queueInOrder([['b1', b], ['a1', a]], a);
    held.release();
    // Same turn: a1, queued first in this process, is served; this caller takes over a1's place.
    const again = a.acquire('conn').then((lease) => {
      granted.push('a-again');
      return lease;
    });
    await until(() => granted.length === 1);
    expect(granted).toEqual(['a1']);
    expect((await b.stats())[0]).toMatchObject({ inFlight: 1, queued: 2 });
    leases.get('a1')!.release(); // a-again, in line in this process, is next within the slice
    await until(() => granted.length === 2);
    expect(granted).toEqual(['a1', 'a-again']);
    await until(async () => (await b.stats())[0].queued === 1); // its place left the line
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(granted).toEqual(['a1', 'a-again']); // b1 still waits: no permit went to b without Redis
    (await again).release(); // no caller of this process waits: back to Redis, which serves b1
    await until(() => granted.length === 3);
    expect(granted).toEqual(['a1', 'a-again', 'b1']);
    leases.get('b1')!.release();
    expect(a.permitCounts('p')).toEqual({ granted: 3, returned: 3 });
    expect(a.localHandOffs).toBe(2);
  });

  it('within a slice, a caller of higher priority goes first, one of lower priority queues behind', async () => {
    const { a } = await twoProcesses(1, 2000);
    let held = await a.acquire('conn');
    const { granted, leases } = await queueInOrder([['low', a]], a);
    held.release();
    held = await a.acquire('conn', { priority: 5 }); // same turn, higher priority: before 'low'
    expect(granted).toEqual([]);
    held.release();
    const lower = a.acquire('conn', { priority: -1 }).then((lease) => {
      granted.push('lower');
      return lease;
    }); // same turn, lower priority: 'low' is served, this one queues
    await until(() => granted.length === 1);
    expect(granted).toEqual(['low']);
    leases.get('low')!.release();
    (await lower).release();
    expect(granted).toEqual(['low', 'lower']);
    await until(async () => (await a.stats())[0].inFlight === 0);
  });

  it('sends a permit back to the line once its slice is over: the head of the line is served before the releasing process asks again', async () => {
    const { a, b } = await twoProcesses(1, 40);
    const held = await a.acquire('conn');
    const { granted, leases } = await queueInOrder([['b1', b]], a);
    await new Promise((resolve) => setTimeout(resolve, 60)); // past the slice
    held.release();
    const again = a.acquire('conn').then((lease) => {
      granted.push('a-again');
      return lease;
    });
    await until(() => granted.length === 1);
    expect(granted).toEqual(['b1']);
    leases.get('b1')!.release();
    (await again).release();
    expect(granted).toEqual(['b1', 'a-again']);
  });

  it('a lowered level stops every process passing permits on before configure returns', async () => {
    const { a, b } = await twoProcesses(2, 2000);
    const holders = [await a.acquire('conn'), await a.acquire('conn')];
    const { granted, leases } = await queueInOrder([['a1', a]], b);
    await b.configure('p', 1); // b lowers the level while a holds both permits within their slices
    holders[0].release(); // 2 in flight would exceed the new level: the permit goes back to Redis
    const late = a.acquire('conn'); // nor does a caller of the same turn take it
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(granted).toEqual([]);
    expect((await b.stats())[0]).toMatchObject({ level: 1, inFlight: 1, queued: 2 });
    holders[1].release();
    await until(() => granted.length === 1);
    expect(granted).toEqual(['a1']);
    expect((await b.stats())[0]).toMatchObject({ inFlight: 1 });
    leases.get('a1')!.release();
    (await late).release();
  });

  it('puts the lowest level a live process declared in effect, shows it, and the next lowest once that process leaves (D6)', async () => {
    const { a, b } = await twoProcesses(5, 0);
    const c = await subject.join();
    await b.configure('p', 2);
    await c.configure('p', 3);
    await a.configure('p', 4); // raising its own declaration raises nothing above the others'
    expect((await a.stats())[0]).toMatchObject({ level: 2, declaredLevel: 4 });
    expect((await c.stats())[0]).toMatchObject({ level: 2, declaredLevel: 3 });
    expect((await b.stats())[0]).not.toHaveProperty('declaredLevel'); // its own level is the one in effect
    const held = [await a.acquire('conn'), await a.acquire('conn')];
    await expect(a.acquire('conn', { timeoutMs: 0 })).rejects.toMatchObject({ code: 'timeout' });
    await b.close(); // the participant at 2 leaves: the next lowest (3) is in effect at once
    expect((await a.stats())[0]).toMatchObject({ level: 3, inFlight: 2 });
    await until(() => a.acquire('conn', { timeoutMs: 0 }).then((lease) => (held.push(lease), true), () => false));
    await expect(c.acquire('conn', { timeoutMs: 0 })).rejects.toMatchObject({ code: 'timeout' });
    for (const lease of held) lease.release();
  });

  it('refuses a slice longer than the lease TTL', async () => {
    subject.freshPrefix();
    await expect(subject.join({ leaseTtlMs: 2000, localSliceMs: 5000 })).rejects.toThrow(/localSliceMs must be 0..leaseTtlMs/);
  });
});
