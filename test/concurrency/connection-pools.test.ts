import type { Logger, PoolRegistry } from '../../src/contracts';
import type { LenderResolution } from '../../src/concurrency/lender-resolution';
import { ConnectionPools, InProcessPoolRegistry } from '../../src/concurrency';
import { BorrowLenderResolution } from '../../adapters/borrowed-concurrency';
import { cartroverConnection as conn } from '../adapters/support/connections';

function recordingLogger(): Logger & { warnings: { message: string; fields?: Record<string, unknown> }[] } {
  const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
  const ignore = () => undefined;
  return { warnings, debug: ignore, info: ignore, error: ignore, warn: (message, fields) => warnings.push({ message, fields }) };
}

async function setUp(options: { withAdapter?: boolean; registry?: PoolRegistry } = {}) {
  const registry = options.registry ?? new InProcessPoolRegistry();
  const logger = recordingLogger();
  const resolutions = options.withAdapter === false ? [] : [new BorrowLenderResolution(logger)];
  const lifecycle = new ConnectionPools({ appId: 'cartrover', defaultLevel: 5, registry, resolutions, logger });
  const pools = async () =>
    Object.fromEntries((await registry.stats()).map((stats) => [stats.poolId, { level: stats.level, members: stats.connectionIds }]));
  return { registry, logger, lifecycle, pools };
}

describe('ConnectionPools.sync with the borrowed-concurrency lender resolution', () => {
  it('gives each root its own pool (its level, or 5) and binds chains to the root', async () => {
    const { lifecycle, registry, pools } = await setUp();
    await lifecycle.sync([
      conn('a', { borrow: 'b', level: 9 }),
      conn('b', { borrow: 'c' }),
      conn('c', { level: 12 }),
      conn('d'),
      conn('f', { appId: 'file' }),
    ]);
    expect(await pools()).toEqual({ c: { level: 12, members: ['a', 'b', 'c'] }, d: { level: 5, members: ['d'] } });
    expect(registry.poolOf('a')).toBe('c');
    expect(registry.poolOf('f')).toBeUndefined();
  });

  it('configures again only the pools whose level changed, and a pool that comes back as a root', async () => {
    const registry = new InProcessPoolRegistry();
    const configured: string[] = [];
    const configure = registry.configure.bind(registry);
    registry.configure = async (poolId, level) => {
      configured.push(`${poolId}=${level}`);
      await configure(poolId, level);
    };
    const { lifecycle, pools } = await setUp({ registry });
    await lifecycle.sync([conn('a', { level: 2 }), conn('b', { level: 3 })]);
    expect(configured.splice(0)).toEqual(['a=2', 'b=3']);
    await lifecycle.sync([conn('a', { level: 2 }), conn('b', { level: 4 }), conn('c')]);
    expect(configured.splice(0)).toEqual(['b=4', 'c=5']);
    await lifecycle.sync([conn('a', { borrow: 'b', level: 2 }), conn('b', { level: 4 }), conn('c')]);
    expect(configured.splice(0)).toEqual([]);
    expect(await pools()).toEqual({ b: { level: 4, members: ['a', 'b'] }, c: { level: 5, members: ['c'] } });
    await lifecycle.sync([conn('a', { level: 2 }), conn('b', { level: 4 }), conn('c')]);
    expect(configured.splice(0)).toEqual(['a=2']);
    expect((await pools()).a).toEqual({ level: 2, members: ['a'] });
  });

  it('re-binds when a borrow is set, changed and cleared; removes pools nobody is a member of', async () => {
    const { lifecycle, pools } = await setUp();
    await lifecycle.sync([conn('a', { level: 2 }), conn('b', { level: 3 }), conn('c', { level: 4 })]);
    expect(Object.keys(await pools()).sort()).toEqual(['a', 'b', 'c']);

    await lifecycle.sync([conn('a', { borrow: 'b', level: 2 }), conn('b', { level: 3 }), conn('c', { level: 4 })]);
    expect(await pools()).toEqual({ b: { level: 3, members: ['a', 'b'] }, c: { level: 4, members: ['c'] } });

    await lifecycle.sync([conn('a', { borrow: 'c', level: 2 }), conn('b', { level: 3 }), conn('c', { level: 4 })]);
    expect(await pools()).toEqual({ b: { level: 3, members: ['b'] }, c: { level: 4, members: ['a', 'c'] } });

    await lifecycle.sync([conn('a', { level: 2 }), conn('b', { level: 3 }), conn('c', { level: 4 })]);
    expect(await pools()).toEqual({
      b: { level: 3, members: ['b'] },
      c: { level: 4, members: ['c'] },
      a: { level: 2, members: ['a'] },
    });
  });

  it('resizes a root pool when its level changes (blank: back to 5)', async () => {
    const { lifecycle, pools } = await setUp();
    await lifecycle.sync([conn('a', { level: 2 }), conn('b', { borrow: 'a' })]);
    await lifecycle.sync([conn('a', { level: 7 }), conn('b', { borrow: 'a' })]);
    expect((await pools()).a).toEqual({ level: 7, members: ['a', 'b'] });
    await lifecycle.sync([conn('a'), conn('b', { borrow: 'a' })]);
    expect((await pools()).a.level).toBe(5);
  });

  it('unbinds deleted connections and removes their pools', async () => {
    const { lifecycle, registry, pools } = await setUp();
    await lifecycle.sync([conn('a'), conn('b', { borrow: 'a' }), conn('c')]);
    await lifecycle.sync([conn('a')]);
    expect(await pools()).toEqual({ a: { level: 5, members: ['a'] } });
    expect(registry.poolOf('b')).toBeUndefined();
    await lifecycle.sync([]);
    expect(await pools()).toEqual({});
  });

  it('skips connections on a cycle and logs them, keeping their previous binding', async () => {
    const { lifecycle, registry, logger, pools } = await setUp();
    await lifecycle.sync([conn('a'), conn('b')]);
    await lifecycle.sync([conn('a', { borrow: 'b' }), conn('b', { borrow: 'a' }), conn('c', { borrow: 'a' })]);
    expect(registry.poolOf('a')).toBe('a');
    expect(registry.poolOf('b')).toBe('b');
    expect(registry.poolOf('c')).toBeUndefined();
    expect(await pools()).toEqual({ a: { level: 5, members: ['a'] }, b: { level: 5, members: ['b'] } });
    expect(logger.warnings.map((warning) => warning.fields?.connectionId)).toEqual(['a', 'b', 'c']);
    expect(logger.warnings[0].fields?.cycle).toBe('A → B → A');
  });

  it('lets a connection whose lender is missing use its own pool, and logs it', async () => {
    const { lifecycle, pools, logger } = await setUp();
    // A borrower has no level of its own (the form drops it on save): its own pool has the default.
    await lifecycle.sync([conn('a', { borrow: 'gone', level: 3 })]);
    expect(await pools()).toEqual({ a: { level: 5, members: ['a'] } });
    expect(logger.warnings[0].fields).toEqual({ connectionId: 'a', missingLenderId: 'gone' });
  });

  it('re-binds while busy: held permits return to the old pool, queued requests move in order', async () => {
    const { lifecycle, registry } = await setUp();
    await lifecycle.sync([conn('a', { level: 1 }), conn('b', { level: 1 })]);
    const held = await registry.acquire('a');
    const queued = [registry.acquire('a'), registry.acquire('a')];
    await lifecycle.sync([conn('a', { borrow: 'b', level: 1 }), conn('b', { level: 1 })]);
    // a's own pool left the stats (no members) but keeps its held permit until released.
    expect((await registry.stats()).map((stats) => stats.poolId)).toEqual(['b']);
    const first = await queued[0];
    expect(first.poolId).toBe('b');
    held.release();
    first.release();
    (await queued[1]).release();
    expect(await registry.stats()).toEqual([{ poolId: 'b', level: 1, inFlight: 0, queued: 0, connectionIds: ['a', 'b'] }]);
  });

  it('runs overlapping syncs one after the other (the last one wins)', async () => {
    const { lifecycle, pools } = await setUp();
    await Promise.all([
      lifecycle.sync([conn('a'), conn('b', { borrow: 'a' })]),
      lifecycle.sync([conn('a', { borrow: 'b' }), conn('b', { level: 2 })]),
    ]);
    expect(await pools()).toEqual({ b: { level: 2, members: ['a', 'b'] } });
  });
});

describe('ConnectionPools.deletionBlocker', () => {
  it('names the borrowers of a lender, and lets others go', async () => {
    const { lifecycle } = await setUp();
    const connections = [
      conn('lender', { name: 'Main store' }),
      conn('x', { name: 'Returns', borrow: 'lender' }),
      conn('y', { name: 'Inventory sync', borrow: 'lender' }),
      conn('z', { name: 'Chained', borrow: 'x' }),
    ];
    expect(lifecycle.deletionBlocker('lender', connections)).toBe(
      'CartRover connection Main store lends its concurrency to: Returns, Inventory sync',
    );
    expect(lifecycle.deletionBlocker('x', connections)).toBe('CartRover connection Returns lends its concurrency to: Chained');
    expect(lifecycle.deletionBlocker('y', connections)).toBeUndefined();
  });

  it('blocks nothing without a lender resolution', async () => {
    const { lifecycle } = await setUp({ withAdapter: false });
    expect(lifecycle.deletionBlocker('lender', [conn('lender'), conn('x', { borrow: 'lender' })])).toBeUndefined();
  });
});

describe('ConnectionPools without a lender resolution (the core alone)', () => {
  it('gives every connection its own pool, whatever it says it borrows from', async () => {
    const { lifecycle, pools } = await setUp({ withAdapter: false });
    await lifecycle.sync([conn('a', { borrow: 'b', level: 9 }), conn('b', { level: 4 }), conn('f', { appId: 'file' })]);
    // A borrower has no level of its own (the form drops it on save): its own pool has the default.
    expect(await pools()).toEqual({ a: { level: 5, members: ['a'] }, b: { level: 4, members: ['b'] } });
    await lifecycle.sync([conn('b', { level: 2 })]);
    expect(await pools()).toEqual({ b: { level: 2, members: ['b'] } });
  });

  it('refuses two lender resolutions for one app (the binding would depend on load order)', () => {
    const resolution: LenderResolution = { appId: 'cartrover', rootsOf: () => new Map(), check: () => undefined, deletionBlocker: () => undefined, lenderChain: (id) => ({ connectionIds: [id] }) };
    expect(() => new ConnectionPools({ appId: 'cartrover', defaultLevel: 5, registry: new InProcessPoolRegistry(), resolutions: [resolution, resolution] })).toThrow(
      '2 lender resolutions are contributed for app cartrover; at most one may be',
    );
  });
});

describe('ConnectionPools when the registry fails', () => {
  it('keeps the other pools in step and throws an error naming each failed pool', async () => {
    const registry = new InProcessPoolRegistry();
    const failing: PoolRegistry = Object.assign(Object.create(registry) as PoolRegistry, {
      configure: (poolId: string, level: number) =>
        poolId === 'b' ? Promise.reject(new Error('backend unavailable')) : registry.configure(poolId, level),
    });
    const { lifecycle, pools } = await setUp({ registry: failing });
    await expect(lifecycle.sync([conn('a', { level: 3 }), conn('b'), conn('c', { borrow: 'a' })])).rejects.toThrow(
      /^Concurrency pools of app cartrover are out of step with its connections: pool b: backend unavailable; connection b in pool b: /,
    );
    expect(await pools()).toEqual({ a: { level: 3, members: ['a', 'c'] } });
  });
});
