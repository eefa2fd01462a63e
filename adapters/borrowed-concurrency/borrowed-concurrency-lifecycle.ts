import { inject, injectable, optional } from 'inversify';
import { Mutex } from 'async-mutex';
import { TOKENS, type ConnectionLifecycle, type ConnectionSummary, type Logger, type PoolRegistry } from '../../src/contracts';
import { DEFAULT_CONCURRENCY_LEVEL } from '../../src/concurrency/concurrency-feature';
import { describeBorrowPath, resolveRootLender } from './borrow-graph';
import { borrowingAppConnections } from './borrowing-app';

/**
 * Keeps the pool registry in step with the stored CartRover connections: one pool per root
 * connection (pool id = its connection id, level = its level or the default), every connection
 * bound to its root's pool. The registry does the delicate part of a re-bind (queued waiters move
 * in order, held permits return to the pool that granted them).
 */
@injectable()
export class BorrowedConcurrencyLifecycle implements ConnectionLifecycle {
  /** Pools and members this lifecycle created, so it removes only what is its own. */
  private readonly managedPools = new Set<string>();
  private readonly managedConnections = new Set<string>();
  /** The host may save two connections at once: syncs run one after the other. */
  private readonly syncing = new Mutex();

  constructor(
    @inject(TOKENS.PoolRegistry) private readonly registry: PoolRegistry,
    @inject(TOKENS.Logger) @optional() private readonly logger?: Logger,
  ) {}

  sync(connections: readonly ConnectionSummary[]): Promise<void> {
    return this.syncing.runExclusive(() => this.syncNow(borrowingAppConnections(connections)));
  }

  deletionBlocker(connectionId: string, connections: readonly ConnectionSummary[]): string | undefined {
    const candidates = borrowingAppConnections(connections);
    const borrowers = candidates.filter((connection) => connection.borrowConcurrencyFrom === connectionId && connection.id !== connectionId);
    if (borrowers.length === 0) return undefined;
    const lenderName = candidates.find((connection) => connection.id === connectionId)?.name ?? connectionId;
    return `CartRover connection ${lenderName} lends its concurrency to: ${borrowers.map((borrower) => borrower.name).join(', ')}`;
  }

  private async syncNow(connections: readonly ConnectionSummary[]): Promise<void> {
    const rootOf = new Map<string, string>();
    for (const connection of connections) {
      const resolution = resolveRootLender(connection.id, connections);
      if ('cycle' in resolution) {
        // The form refuses cycles at save; one in storage (an import, a race) keeps its old binding.
        this.logger?.warn('CartRover connection borrows concurrency in a cycle; its pool binding is left unchanged', {
          connectionId: connection.id,
          cycle: describeBorrowPath(resolution.cycle, connections),
        });
        continue;
      }
      if (resolution.missingLenderId !== undefined) {
        this.logger?.warn('CartRover connection borrows concurrency from a connection that does not exist; it uses its own pool', {
          connectionId: resolution.rootId,
          missingLenderId: resolution.missingLenderId,
        });
      }
      rootOf.set(connection.id, resolution.rootId);
    }

    const byId = new Map(connections.map((connection) => [connection.id, connection]));
    const roots = new Set(rootOf.values());
    for (const rootId of roots) {
      await this.registry.configure(rootId, byId.get(rootId)?.concurrencyLevel ?? DEFAULT_CONCURRENCY_LEVEL);
      this.managedPools.add(rootId);
    }
    for (const [connectionId, rootId] of rootOf) {
      if (this.registry.poolOf(connectionId) !== rootId) await this.registry.bind(connectionId, rootId);
      this.managedConnections.add(connectionId);
    }
    for (const connectionId of [...this.managedConnections]) {
      if (byId.has(connectionId)) continue;
      await this.registry.unbind(connectionId); // deleted: its queued requests fail, held ones finish
      this.managedConnections.delete(connectionId);
    }
    await this.removeUnusedPools(roots);
  }

  /** Pools of deleted or now-borrowing connections go once nobody is a member any more. */
  private async removeUnusedPools(roots: ReadonlySet<string>): Promise<void> {
    const membersByPool = new Map((await this.registry.stats()).map((stats) => [stats.poolId, stats.connectionIds.length]));
    for (const poolId of [...this.managedPools]) {
      if (roots.has(poolId)) continue;
      if ((membersByPool.get(poolId) ?? 0) > 0) continue;
      await this.registry.remove(poolId);
      this.managedPools.delete(poolId);
    }
  }
}
