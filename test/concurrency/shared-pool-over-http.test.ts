import type { ConnectionSummary } from '../../src/contracts';
import { CartRoverClient } from '../../src/cartrover';
import { ConnectionPools, InProcessPoolRegistry, createPoolRequestHook } from '../../src/concurrency';
import type { SandboxServer } from '../../sandbox/src';
import { BorrowLenderResolution } from '../../adapters/borrowed-concurrency';
import { keyOf, startSandboxWithMerchants } from './support/sandbox-merchants';
import { systemClock } from '../../src/contracts';

/**
 * Counted at the server, over real HTTP with random latency: connections that borrow one pool
 * share its level; unrelated pools do not share. Each connection has its own API user, and the
 * sandbox counts the users of one pool together as a group.
 */
function connection(id: string, borrowConcurrencyFrom: string | null, concurrencyLevel: number | null): ConnectionSummary {
  return { id, appId: 'cartrover', name: `Connection ${id}`, values: { apiUser: id, ...(concurrencyLevel === null ? {} : { concurrencyLevel }) }, storedSecrets: ['apiKey'], borrowConcurrencyFrom, offline: false };
}

/** The core's pools with the borrowed-concurrency adapter's lender resolution, as the entry wires them. */
function poolsOf(registry: InProcessPoolRegistry): ConnectionPools {
  return new ConnectionPools({ appId: 'cartrover', defaultLevel: 5, registry, resolutions: [new BorrowLenderResolution()] });
}

function clientOf(sandbox: SandboxServer, registry: InProcessPoolRegistry, connectionId: string): CartRoverClient {
  return new CartRoverClient({
    baseUrl: sandbox.url,
    credentials: () => ({ apiUser: connectionId, apiKey: keyOf(connectionId) }),
    requestHook: createPoolRequestHook(registry, connectionId),
    pacer: false,
    clock: systemClock,
  });
}

/** Many requests at once, spread round-robin over the clients; resolves when all are answered. */
async function burst(clients: readonly CartRoverClient[], requests: number): Promise<void> {
  await Promise.all(Array.from({ length: requests }, (_, index) => clients[index % clients.length].listInventory({ limit: 1 })));
}

describe('pools over real HTTP (sandbox counters)', () => {
  let sandbox: SandboxServer;
  afterEach(() => sandbox?.close());

  it('a lender and its borrowers (a chain too) never exceed the lender level together, and reach it', async () => {
    const level = 4;
    const connections = [
      connection('lender', null, level),
      connection('borrower-1', 'lender', null),
      connection('borrower-2', 'lender', 20), // its own level is ignored: it borrows
      connection('borrower-of-borrower', 'borrower-2', null), // resolves to the root lender
    ];
    sandbox = await startSandboxWithMerchants({
      apiUsers: connections.map((c) => c.id),
      groups: { shared: connections.map((c) => c.id) },
      latency: { minMs: 5, maxMs: 40 },
    });
    const registry = new InProcessPoolRegistry();
    await poolsOf(registry).sync(connections);
    expect(await registry.stats()).toEqual([{ poolId: 'lender', level, inFlight: 0, queued: 0, connectionIds: connections.map((c) => c.id).sort() }]);

    await burst(connections.map((c) => clientOf(sandbox, registry, c.id)), 200);

    const counters = sandbox.control.counters();
    expect(counters.requests['GET /v1/merchant/inventory']).toBe(200);
    expect(counters.groupMaxInFlight.shared).toBe(level);
    expect(counters.maxInFlightTotal).toBe(level);
    expect((await registry.stats())[0]).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('unrelated pools do not share: each group reaches its own level', async () => {
    const connections = [
      connection('a-lender', null, 3),
      connection('a-borrower', 'a-lender', null),
      connection('b-lender', null, 5),
      connection('b-borrower', 'b-lender', null),
    ];
    sandbox = await startSandboxWithMerchants({
      apiUsers: connections.map((c) => c.id),
      groups: { a: ['a-lender', 'a-borrower'], b: ['b-lender', 'b-borrower'] },
      latency: { minMs: 5, maxMs: 40 },
    });
    const registry = new InProcessPoolRegistry();
    await poolsOf(registry).sync(connections);

    await burst(connections.map((c) => clientOf(sandbox, registry, c.id)), 240);

    const counters = sandbox.control.counters();
    expect(counters.requests['GET /v1/merchant/inventory']).toBe(240);
    expect(counters.groupMaxInFlight).toEqual({ a: 3, b: 5 });
    expect(counters.maxInFlightTotal).toBeGreaterThan(5); // the two pools ran side by side
    expect(counters.maxInFlightTotal).toBeLessThanOrEqual(8);
  });
});
