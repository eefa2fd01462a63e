import { Mutex } from 'async-mutex';
import type { ConnectionDirectory, ConnectionLifecycle, ConnectionSummary, LenderChain, Logger, PoolRegistry } from '../contracts';
import type { LenderResolution } from './lender-resolution';
import { connectionLevelOf } from './connection-level';

export interface ConnectionPoolsOptions {
  /** The app whose connections these are (other apps' connections handed in are ignored). */
  readonly appId: string;
  /** The level of a connection whose level is blank: the app's form schema's `default` (its one owner). */
  readonly defaultLevel: number;
  readonly registry: PoolRegistry;
  /** The {@link LenderResolution}s contributed (any app's); none: every connection is its own root. */
  readonly resolutions?: readonly LenderResolution[];
  readonly logger?: Logger;
  /** Where a connection used before any `sync` is looked up, to bind it on first use. */
  readonly directory?: ConnectionDirectory;
}

/**
 * One pool per root connection, kept in step with the stored connections of one app: pool id =
 * the root's connection id, level = its level or the default, every connection bound to its
 * root's pool. Which connection is a root is the contributed {@link LenderResolution}'s answer;
 * without one, each connection is its own. The registry does the delicate part of a re-bind
 * (queued waiters move in order, held permits return to the pool that granted them).
 */
export class ConnectionPools implements ConnectionLifecycle {
  /** Pools and members this object created, so it removes only what is its own. */
  private readonly managedPools = new Set<string>();
  private readonly managedConnections = new Set<string>();
  /**
   * The level this object last configured each of its root pools with: a sync re-configures only
   * pools whose level changed. A host syncs the whole list after every save, and at 3,000
   * connections awaiting `configure` for every unchanged pool was most of a save's cost.
   */
  private readonly configuredLevels = new Map<string, number>();
  /** The host may save two connections at once: syncs run one after the other. */
  private readonly syncing = new Mutex();
  private readonly resolution: LenderResolution | undefined;

  constructor(private readonly options: ConnectionPoolsOptions) {
    const own = (options.resolutions ?? []).filter((resolution) => resolution.appId === options.appId);
    // Two answers to "whose pool?" would make the binding depend on load order.
    if (own.length > 1) throw new Error(`${own.length} lender resolutions are contributed for app ${options.appId}; at most one may be`);
    this.resolution = own[0];
  }

  /**
   * Configures, binds, resizes and removes pools to match `connections`. Every step is tried;
   * when some fail, the error names each failed pool (the others are in step).
   */
  sync(connections: readonly ConnectionSummary[]): Promise<void> {
    const own = connections.filter((connection) => connection.appId === this.options.appId);
    return this.syncing.runExclusive(() => this.syncNow(own));
  }

  /**
   * Binds `connectionId` on first use when no `sync` has: a connection the directory knows gets
   * its pool (and its lenders theirs) from the directory's list, so a host needs no `sync` before
   * its first export. A connection the directory does not know stays unbound (the acquire says so).
   */
  async ensureBound(connectionId: string): Promise<void> {
    const { registry, directory, appId } = this.options;
    if (!directory || registry.poolOf(connectionId) !== undefined) return;
    await this.syncing.runExclusive(async () => {
      if (registry.poolOf(connectionId) !== undefined) return;
      const own = (await directory.list(appId)).filter((connection) => connection.appId === appId);
      if (own.some((connection) => connection.id === connectionId)) await this.syncNow(own);
    });
  }

  deletionBlocker(connectionId: string, connections: readonly ConnectionSummary[]): string | undefined {
    const own = connections.filter((connection) => connection.appId === this.options.appId);
    return this.resolution?.deletionBlocker(connectionId, own);
  }

  /** Without a lender resolution nothing is refused: the "lender" is simply not used. */
  checkLender(connectionId: string, lenderId: string, connections: readonly ConnectionSummary[]): string | undefined {
    const own = connections.filter((connection) => connection.appId === this.options.appId);
    return this.resolution?.check(connectionId, lenderId, own);
  }

  /** Without a lender resolution nobody borrows: each connection's chain is itself. */
  lenderChain(connectionId: string, connections: readonly ConnectionSummary[]): LenderChain {
    const own = connections.filter((connection) => connection.appId === this.options.appId);
    return this.resolution?.lenderChain(connectionId, own) ?? { connectionIds: [connectionId] };
  }

  private rootsOf(connections: readonly ConnectionSummary[]): ReadonlyMap<string, string> {
    if (this.resolution) return this.resolution.rootsOf(connections);
    return new Map(connections.map((connection) => [connection.id, connection.id]));
  }

  private async syncNow(connections: readonly ConnectionSummary[]): Promise<void> {
    const { registry } = this.options;
    const rootOf = this.rootsOf(connections);
    const byId = new Map(connections.map((connection) => [connection.id, connection]));
    const roots = new Set(rootOf.values());
    const failures: string[] = [];
    const attempt = async (what: string, step: () => Promise<void>): Promise<void> => {
      try {
        await step();
      } catch (error) {
        failures.push(`${what}: ${(error as Error).message}`);
      }
    };

    // A pool that stops being a root is configured afresh should it become one again.
    for (const poolId of [...this.configuredLevels.keys()]) if (!roots.has(poolId)) this.configuredLevels.delete(poolId);
    for (const rootId of roots) {
      const root = byId.get(rootId);
      const level = (root === undefined ? null : connectionLevelOf(root)) ?? this.options.defaultLevel;
      if (this.configuredLevels.get(rootId) === level) continue;
      await attempt(`pool ${rootId}`, async () => {
        await registry.configure(rootId, level);
        this.managedPools.add(rootId);
        this.configuredLevels.set(rootId, level);
      });
    }
    for (const [connectionId, rootId] of rootOf) {
      if (registry.poolOf(connectionId) === rootId) {
        this.managedConnections.add(connectionId);
        continue;
      }
      await attempt(`connection ${connectionId} in pool ${rootId}`, async () => {
        await registry.bind(connectionId, rootId);
        this.managedConnections.add(connectionId);
      });
    }
    for (const connectionId of [...this.managedConnections]) {
      if (byId.has(connectionId)) continue;
      await attempt(`connection ${connectionId} leaving its pool`, async () => {
        await registry.unbind(connectionId); // deleted: its queued requests fail, held ones finish
        this.managedConnections.delete(connectionId);
      });
    }
    await attempt('removing unused pools', () => this.removeUnusedPools(roots));
    if (failures.length > 0) {
      throw new Error(`Concurrency pools of app ${this.options.appId} are out of step with its connections: ${failures.join('; ')}`);
    }
  }

  /** Pools of deleted or now-borrowing connections go once nobody is a member any more. */
  private async removeUnusedPools(roots: ReadonlySet<string>): Promise<void> {
    const { registry } = this.options;
    // Usually every pool is still a root's: then there is nothing to count (stats cover every pool).
    if ([...this.managedPools].every((poolId) => roots.has(poolId))) return;
    const membersByPool = new Map((await registry.stats()).map((stats) => [stats.poolId, stats.connectionIds.length]));
    for (const poolId of [...this.managedPools]) {
      if (roots.has(poolId)) continue;
      if ((membersByPool.get(poolId) ?? 0) > 0) continue;
      await registry.remove(poolId);
      this.managedPools.delete(poolId);
      this.configuredLevels.delete(poolId);
    }
  }
}
