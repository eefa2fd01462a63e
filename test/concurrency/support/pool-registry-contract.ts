import type { PoolLease, PoolRegistry } from '../../../src/contracts';
import { isPoolError, PoolError, runHoldingPermit } from '../../../src/concurrency';
import { waitFor } from '../../support/wait-for';

/** A registry under test: the contract plus the per-pool grant/return counters both backends keep. */
export type RegistryUnderTest = PoolRegistry & {
  permitCounts(poolId: string): { readonly granted: number; readonly returned: number } | undefined;
};

/** How a backend makes a fresh, empty registry for one test (and cleans up after it). */
export interface RegistrySubject {
  create(options?: { maxQueuedPerPool?: number }): Promise<RegistryUnderTest>;
  /** Called after each test (close connections, stop timers). */
  cleanup?(): Promise<void>;
}

/** Waits until `condition` holds (grants may travel over the network), failing after `timeoutMs`: the tests' one `waitFor`, in this suite's argument order. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  await waitFor(condition, what, timeoutMs);
}

/** Lets a grant that must NOT happen have its chance to happen. */
export function pause(ms = 60): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The contract of {@link PoolRegistry}, run against every backend (in process, Redis). Grants may
 * arrive a network round trip later, so the tests wait for states (`until`) instead of a tick.
 */
export function poolRegistryContract(subject: RegistrySubject): void {
  afterEach(async () => {
    await subject.cleanup?.();
  });

  async function registryWith(pools: Record<string, { level: number; members: string[] }>, maxQueuedPerPool?: number) {
    const registry = await subject.create({ maxQueuedPerPool });
    for (const [poolId, { level, members }] of Object.entries(pools)) {
      await registry.configure(poolId, level);
      for (const member of members) await registry.bind(member, poolId);
    }
    return registry;
  }

  async function statsOf(registry: PoolRegistry, poolId: string) {
    const stats = (await registry.stats()).find((pool) => pool.poolId === poolId);
    if (!stats) throw new Error(`no pool ${poolId}`);
    return stats;
  }

  function queuedIs(registry: PoolRegistry, poolId: string, queued: number) {
    return until(async () => (await statsOf(registry, poolId)).queued === queued, 5000, `${queued} queued in ${poolId}`);
  }

  /** Starts acquires and records the order in which they are granted. */
  function acquireInOrder(registry: PoolRegistry, requests: { label: string; connectionId: string; priority?: number }[]) {
    const granted: string[] = [];
    const leases = new Map<string, PoolLease>();
    const settled = requests.map(({ label, connectionId, priority }) =>
      registry.acquire(connectionId, { priority }).then((lease) => {
        granted.push(label);
        leases.set(label, lease);
        return lease;
      }),
    );
    return { granted, leases, settled };
  }

  it('grants at most level permits and queues the rest', async () => {
    const registry = await registryWith({ p: { level: 2, members: ['a'] } });
    const first = await registry.acquire('a');
    const second = await registry.acquire('a');
    const third = registry.acquire('a');
    await queuedIs(registry, 'p', 1);
    expect(await statsOf(registry, 'p')).toEqual({ poolId: 'p', level: 2, inFlight: 2, queued: 1, connectionIds: ['a'] });
    first.release();
    const lease = await third;
    expect(lease.poolId).toBe('p');
    expect(lease.connectionId).toBe('a');
    second.release();
    lease.release();
    expect(await statsOf(registry, 'p')).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('serves FIFO within a priority and higher priorities first', async () => {
    const registry = await registryWith({ p: { level: 1, members: ['a'] } });
    const holder = await registry.acquire('a');
    const { granted, leases } = acquireInOrder(registry, [
      { label: 'low-1', connectionId: 'a', priority: 0 },
      { label: 'high-1', connectionId: 'a', priority: 10 },
      { label: 'low-2', connectionId: 'a', priority: 0 },
      { label: 'mid', connectionId: 'a', priority: 5 },
      { label: 'high-2', connectionId: 'a', priority: 10 },
      { label: 'negative', connectionId: 'a', priority: -1 },
    ]);
    await queuedIs(registry, 'p', 6);
    holder.release();
    for (let served = 0; served < 6; served++) {
      await until(() => granted.length > served);
      expect(granted).toHaveLength(served + 1); // one permit: one grant at a time
      leases.get(granted[served])!.release();
    }
    expect(granted).toEqual(['high-1', 'high-2', 'mid', 'low-1', 'low-2', 'negative']);
  });

  it('release is idempotent: a second call gives nothing back twice', async () => {
    const registry = await registryWith({ p: { level: 1, members: ['a'] } });
    const lease = await registry.acquire('a');
    lease.release();
    lease.release();
    const again = await registry.acquire('a');
    const blocked = registry.acquire('a', { timeoutMs: 20 });
    await expect(blocked).rejects.toMatchObject({ code: 'timeout', poolId: 'p' });
    again.release();
    again.release();
    expect(await statsOf(registry, 'p')).toMatchObject({ inFlight: 0, queued: 0 });
    expect(registry.permitCounts('p')).toEqual({ granted: 2, returned: 2 });
  });

  it('aborting a queued waiter removes only that waiter', async () => {
    const registry = await registryWith({ p: { level: 1, members: ['a', 'b'] } });
    const holder = await registry.acquire('a');
    const controller = new AbortController();
    const { granted, settled } = acquireInOrder(registry, [{ label: 'first', connectionId: 'a' }]);
    const aborted = registry.acquire('b', { signal: controller.signal });
    const { granted: laterGranted, settled: laterSettled } = acquireInOrder(registry, [{ label: 'third', connectionId: 'b' }]);
    await queuedIs(registry, 'p', 3);
    controller.abort(new Error('user left'));
    const error = await aborted.catch((caught: unknown) => caught);
    expect(isPoolError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'PoolError', code: 'aborted', poolId: 'p' });
    expect((error as PoolError).cause).toEqual(new Error('user left'));
    expect((await statsOf(registry, 'p')).queued).toBe(2);
    holder.release();
    (await settled[0]).release();
    (await laterSettled[0]).release();
    expect([...granted, ...laterGranted]).toEqual(['first', 'third']);
    expect(await statsOf(registry, 'p')).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('refuses an already aborted signal without taking a permit', async () => {
    const registry = await registryWith({ p: { level: 1, members: ['a'] } });
    await expect(registry.acquire('a', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'aborted' });
    expect(registry.permitCounts('p') ?? { granted: 0, returned: 0 }).toEqual({ granted: 0, returned: 0 });
    expect(await statsOf(registry, 'p')).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('times out a waiter and leaves the queue empty', async () => {
    const registry = await registryWith({ p: { level: 1, members: ['a'] } });
    const holder = await registry.acquire('a');
    await expect(registry.acquire('a', { timeoutMs: 10 })).rejects.toMatchObject({
      code: 'timeout',
      message: 'Timed out after 10 ms waiting for a permit of concurrency pool p',
    });
    await expect(registry.acquire('a', { timeoutMs: 0 })).rejects.toMatchObject({ code: 'timeout' });
    expect((await statsOf(registry, 'p')).queued).toBe(0);
    holder.release();
  });

  it('refuses past the queue bound with queue_full', async () => {
    const registry = await registryWith({ p: { level: 1, members: ['a'] } }, 3);
    const holder = await registry.acquire('a');
    const waiting = [registry.acquire('a'), registry.acquire('a'), registry.acquire('a')];
    const error = await registry.acquire('a').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PoolError);
    expect(error).toMatchObject({ code: 'queue_full', poolId: 'p', message: 'Concurrency pool p queue is full (3 waiting)' });
    holder.release();
    for (const lease of waiting) (await lease).release();
  });

  it('lowering the level never preempts: new grants wait until in-flight < new level', async () => {
    const registry = await registryWith({ p: { level: 3, members: ['a'] } });
    const held = await Promise.all([registry.acquire('a'), registry.acquire('a'), registry.acquire('a')]);
    await registry.configure('p', 1);
    const { granted, settled } = acquireInOrder(registry, [{ label: 'next', connectionId: 'a' }]);
    await queuedIs(registry, 'p', 1);
    expect(await statsOf(registry, 'p')).toMatchObject({ level: 1, inFlight: 3, queued: 1 });
    held[0].release();
    held[1].release();
    await pause();
    expect(granted).toEqual([]); // in flight 1, level 1: still full
    held[2].release();
    const next = await settled[0];
    expect(await statsOf(registry, 'p')).toMatchObject({ level: 1, inFlight: 1, queued: 0 });
    const blocked = registry.acquire('a', { timeoutMs: 10 });
    await expect(blocked).rejects.toMatchObject({ code: 'timeout' });
    next.release();
  });

  it('raising the level grants queued waiters at once', async () => {
    const registry = await registryWith({ p: { level: 1, members: ['a'] } });
    const holder = await registry.acquire('a');
    const waiting = [registry.acquire('a'), registry.acquire('a')];
    await queuedIs(registry, 'p', 2);
    await registry.configure('p', 3);
    const leases = await Promise.all(waiting);
    expect(await statsOf(registry, 'p')).toMatchObject({ level: 3, inFlight: 3, queued: 0 });
    for (const lease of [holder, ...leases]) lease.release();
  });

  it('requires a whole level of at least 1, nothing more (the upper bound is the form schema\'s)', async () => {
    const registry = await subject.create();
    await expect(registry.configure('p', 0)).rejects.toThrow(RangeError);
    await expect(registry.configure('p', 2.5)).rejects.toThrow(RangeError);
    await registry.configure('p', 26);
    expect(await statsOf(registry, 'p')).toMatchObject({ level: 26 });
  });

  it('fails with reentrant instead of deadlocking, also through a borrowing connection', async () => {
    const registry = await registryWith({ p: { level: 1, members: ['lender', 'borrower'] }, q: { level: 1, members: ['other'] } });
    const lease = await registry.acquire('lender');
    const outcome = await runHoldingPermit(lease, async () => {
      const direct = await registry.acquire('lender').catch((caught: unknown) => caught);
      const viaBorrower = await registry.acquire('borrower').catch((caught: unknown) => caught);
      const otherPool = await registry.acquire('other');
      otherPool.release();
      return { direct, viaBorrower };
    });
    expect(outcome.direct).toMatchObject({ code: 'reentrant', poolId: 'p' });
    expect(outcome.viaBorrower).toMatchObject({ code: 'reentrant', poolId: 'p' });
    lease.release();
  });

  it('does not call parallel branches reentrant, nor detached work after the release', async () => {
    const registry = await registryWith({ p: { level: 2, members: ['a'] } });
    const [one, two] = await Promise.all([registry.acquire('a'), registry.acquire('a')]);
    one.release();
    two.release();
    let detached: Promise<PoolLease> | undefined;
    const lease = await registry.acquire('a');
    await runHoldingPermit(lease, async () => {
      detached = new Promise((resolve, reject) => setTimeout(() => registry.acquire('a').then(resolve, reject), 20));
    });
    lease.release();
    (await detached!).release();
  });

  it('refuses acquire for an unbound connection and bind to an unknown pool', async () => {
    const registry = await registryWith({ p: { level: 1, members: [] } });
    await expect(registry.acquire('nobody')).rejects.toMatchObject({ code: 'unbound', poolId: undefined });
    await expect(registry.bind('a', 'missing')).rejects.toMatchObject({ code: 'unknown_pool', poolId: 'missing' });
  });

  it('lists every configured pool, busy or idle, with its members', async () => {
    const registry = await registryWith({ p: { level: 2, members: ['b', 'a'] }, idle: { level: 5, members: [] } });
    const lease = await registry.acquire('a');
    expect(await registry.stats()).toEqual([
      { poolId: 'p', level: 2, inFlight: 1, queued: 0, connectionIds: ['a', 'b'] },
      { poolId: 'idle', level: 5, inFlight: 0, queued: 0, connectionIds: [] },
    ]);
    lease.release();
  });

  describe('bind (re-binding)', () => {
    it('moves queued waiters to the new pool in their order; held permits return to the old pool', async () => {
      const registry = await registryWith({ old: { level: 1, members: ['a', 'x'] }, next: { level: 1, members: ['y'] } });
      const heldByA = await registry.acquire('a');
      const { granted, leases, settled } = acquireInOrder(registry, [
        { label: 'a1', connectionId: 'a' },
        { label: 'x1', connectionId: 'x' },
        { label: 'a2', connectionId: 'a', priority: 3 },
        { label: 'a3', connectionId: 'a' },
      ]);
      const heldByY = await registry.acquire('y');
      const { granted: nextGranted, leases: nextLeases } = acquireInOrder(registry, [{ label: 'y1', connectionId: 'y' }]);
      await queuedIs(registry, 'old', 4);
      await queuedIs(registry, 'next', 1);

      await registry.bind('a', 'next');
      expect(registry.poolOf('a')).toBe('next');
      expect(heldByA.poolId).toBe('old');
      expect(await statsOf(registry, 'old')).toMatchObject({ inFlight: 1, queued: 1, connectionIds: ['x'] });
      expect(await statsOf(registry, 'next')).toMatchObject({ inFlight: 1, queued: 4, connectionIds: ['a', 'y'] });

      // The old pool's permit goes back to the old pool: x1 gets it, not a waiter of the new pool.
      heldByA.release();
      await until(() => granted.length === 1);
      await pause(20);
      expect(granted).toEqual(['x1']);
      expect(leases.get('x1')!.poolId).toBe('old');

      // In the new pool: a2 (priority 3) first, then y1 (was there first), a1, a3 in their order.
      heldByY.release();
      const order: string[] = [];
      for (let served = 0; served < 4; served++) {
        await until(() => granted.length + nextGranted.length > served + 1);
        const label = [...granted, ...nextGranted].find((name) => name !== 'x1' && !order.includes(name))!;
        order.push(label);
        (leases.get(label) ?? nextLeases.get(label))!.release();
      }
      expect(order).toEqual(['a2', 'y1', 'a1', 'a3']);
      for (const label of ['a1', 'a2', 'a3']) expect(leases.get(label)!.poolId).toBe('next');
      leases.get('x1')!.release();
      await Promise.all(settled);
      expect(await registry.stats()).toEqual([
        { poolId: 'old', level: 1, inFlight: 0, queued: 0, connectionIds: ['x'] },
        { poolId: 'next', level: 1, inFlight: 0, queued: 0, connectionIds: ['a', 'y'] },
      ]);
    });

    it('sends new requests to the new pool at once', async () => {
      const registry = await registryWith({ old: { level: 1, members: ['a'] }, next: { level: 1, members: [] } });
      const held = await registry.acquire('a');
      await registry.bind('a', 'next');
      const fresh = await registry.acquire('a', { timeoutMs: 0 });
      expect(fresh.poolId).toBe('next');
      held.release();
      fresh.release();
    });

    it('fails a moved waiter whose caller holds a permit of the new pool (reentrant)', async () => {
      const registry = await registryWith({ old: { level: 1, members: ['a'] }, next: { level: 1, members: ['b'] } });
      const blocker = await registry.acquire('a');
      const nextLease = await registry.acquire('b');
      const nested = runHoldingPermit(nextLease, () => registry.acquire('a'));
      await queuedIs(registry, 'old', 1);
      const refused = expect(nested).rejects.toMatchObject({ code: 'reentrant', poolId: 'next' }); // may reject during bind
      await registry.bind('a', 'next');
      await refused;
      blocker.release();
      nextLease.release();
    });

    it('unbind fails the queued waiters of that connection only', async () => {
      const registry = await registryWith({ p: { level: 1, members: ['a', 'b'] } });
      const holder = await registry.acquire('a');
      const ofA = registry.acquire('a');
      const ofB = registry.acquire('b');
      await queuedIs(registry, 'p', 2);
      await registry.unbind('a');
      await expect(ofA).rejects.toMatchObject({ code: 'unbound', poolId: 'p' });
      holder.release();
      (await ofB).release();
      expect(await statsOf(registry, 'p')).toMatchObject({ inFlight: 0, queued: 0, connectionIds: ['b'] });
    });
  });

  describe('remove', () => {
    it('refuses a pool that still has members', async () => {
      const registry = await registryWith({ p: { level: 1, members: ['a'] } });
      await expect(registry.remove('p')).rejects.toThrow('Concurrency pool p still has members: a');
    });

    it('keeps counting in-flight permits of a removed pool configured again', async () => {
      const registry = await registryWith({ p: { level: 1, members: ['a'] }, q: { level: 1, members: [] } });
      const held = await registry.acquire('a');
      await registry.bind('a', 'q');
      await registry.remove('p');
      expect((await registry.stats()).map((pool) => pool.poolId)).toEqual(['q']);
      await registry.configure('p', 1);
      await registry.bind('a', 'p');
      await expect(registry.acquire('a', { timeoutMs: 0 })).rejects.toMatchObject({ code: 'timeout', poolId: 'p' });
      held.release();
      (await registry.acquire('a', { timeoutMs: 0 })).release();
    });

    it('forgets a removed pool once its last permit comes back', async () => {
      const registry = await registryWith({ p: { level: 1, members: ['a'] }, q: { level: 1, members: [] } });
      const held = await registry.acquire('a');
      await registry.bind('a', 'q');
      await registry.remove('p');
      held.release();
      expect(registry.permitCounts('p')).toBeUndefined();
      await expect(registry.bind('a', 'p')).rejects.toMatchObject({ code: 'unknown_pool' });
    });
  });
}
