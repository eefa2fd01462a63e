import type { PoolLease } from '../../src/contracts';
import { InProcessPoolRegistry, runHoldingPermit } from '../../src/concurrency';
import type { SandboxServer } from '../../sandbox/src';
import { fetchInventoryPage, INVENTORY_ROUTE, startSandboxWithMerchants } from './support/sandbox-merchants';

/**
 * Connections flip between pools every few ms while their requests run. The sandbox counts in
 * flight by API user only, so each request is sent as the API user of the pool that granted its
 * permit: the server then counts per pool what the registry must guarantee.
 */
const LEVELS: Record<string, number> = { 'pool-1': 3, 'pool-2': 2, 'pool-3': 4 };
const POOLS = Object.keys(LEVELS);
const CONNECTIONS = ['c1', 'c2', 'c3', 'c4', 'c5'];
const REQUESTS = 900;
const WORKERS_PER_CONNECTION = 6;

describe('re-binding under load (sandbox counters)', () => {
  let sandbox: SandboxServer;
  afterEach(() => sandbox?.close());

  it('keeps every pool within its level, releases every grant once, loses and duplicates nothing', async () => {
    sandbox = await startSandboxWithMerchants({ apiUsers: POOLS, latency: { minMs: 1, maxMs: 12 } });
    const registry = new InProcessPoolRegistry();
    for (const pool of POOLS) await registry.configure(pool, LEVELS[pool]);
    for (const [index, connection] of CONNECTIONS.entries()) await registry.bind(connection, POOLS[index % POOLS.length]);

    const violations: string[] = [];
    let issued = 0;
    let sent = 0;
    let firstReleases = 0;
    let releaseCalls = 0;
    const grantsByPool = new Map(POOLS.map((pool) => [pool, 0]));

    /** As the request hook does, but keeping the lease to send as its pool's API user. */
    const request = async (connectionId: string): Promise<void> => {
      const lease = await registry.acquire(connectionId);
      grantsByPool.set(lease.poolId, grantsByPool.get(lease.poolId)! + 1);
      const counted = countingReleases(lease);
      try {
        await runHoldingPermit(counted, async () => {
          sent++;
          await fetchInventoryPage(sandbox.url, lease.poolId);
        });
      } finally {
        counted.release();
        counted.release();
      }
    };
    const countingReleases = (lease: PoolLease): PoolLease => {
      let released = false;
      return {
        poolId: lease.poolId,
        connectionId: lease.connectionId,
        release() {
          releaseCalls++;
          if (!released) firstReleases++;
          released = true;
          lease.release();
        },
      };
    };

    let rebinds = 0;
    const rebinder = setInterval(() => {
      const connection = CONNECTIONS[Math.floor(Math.random() * CONNECTIONS.length)];
      void registry.bind(connection, POOLS[Math.floor(Math.random() * POOLS.length)]).then(() => rebinds++);
      void registry.stats().then((all) => {
        for (const stats of all) if (stats.inFlight > stats.level) violations.push(`${stats.poolId}: ${stats.inFlight} > ${stats.level}`);
      });
    }, 3);

    const worker = async (connectionId: string): Promise<void> => {
      while (issued < REQUESTS) {
        issued++;
        await request(connectionId);
      }
    };
    await Promise.all(CONNECTIONS.flatMap((connection) => Array.from({ length: WORKERS_PER_CONNECTION }, () => worker(connection))));
    clearInterval(rebinder);

    const counters = sandbox.control.counters();
    expect(violations).toEqual([]);
    expect(rebinds).toBeGreaterThan(20);
    for (const pool of POOLS) {
      expect(counters.maxInFlight[pool]).toBeLessThanOrEqual(LEVELS[pool]);
      expect(counters.maxInFlight[pool]).toBeGreaterThan(0);
      expect(registry.permitCounts(pool)).toEqual({ granted: grantsByPool.get(pool), returned: grantsByPool.get(pool) });
    }
    expect(issued).toBe(REQUESTS);
    expect(sent).toBe(REQUESTS);
    expect(counters.requests[INVENTORY_ROUTE]).toBe(REQUESTS);
    expect(firstReleases).toBe(REQUESTS);
    expect(releaseCalls).toBe(2 * REQUESTS);
    for (const stats of await registry.stats()) expect(stats).toMatchObject({ inFlight: 0, queued: 0 });
  });
});
