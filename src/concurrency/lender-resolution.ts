import type { ConnectionSummary, LenderChain } from '../contracts';

/**
 * Contribution point of the pools: who lends a connection its concurrency. The core keeps one
 * pool per root connection and asks the resolutions contributed for an app which connection is
 * each one's root; with none, every connection is its own root (its own pool). The
 * borrowed-concurrency adapter contributes one (a connection with `borrowConcurrencyFrom` uses its
 * root lender's pool).
 */
export interface LenderResolution {
  /** The app whose connections it resolves. */
  readonly appId: string;
  /**
   * The root of each connection given (all of the app's): the connection whose pool it uses,
   * itself when it borrows from none. A connection left out cannot be resolved now (for example a
   * cycle in storage): its pool binding stays as it is.
   */
  rootsOf(connections: readonly ConnectionSummary[]): ReadonlyMap<string, string>;
  /**
   * Why `connectionId` may not borrow from `lenderId` among `connections` (the app's, the
   * connection itself as it would be saved included): the lender does not exist, is itself, would
   * close a cycle or borrows in one. A sentence naming the connections, or undefined when it may.
   * The one owner of the lender rule: the form shows it, a host calls it once in its write.
   */
  check(connectionId: string, lenderId: string, connections: readonly ConnectionSummary[]): string | undefined;
  /** Why the connection may not be deleted (it lends its pool), or undefined when it may. */
  deletionBlocker(connectionId: string, connections: readonly ConnectionSummary[]): string | undefined;
  /** The connection's {@link LenderChain} among the connections given (all of the app's). */
  lenderChain(connectionId: string, connections: readonly ConnectionSummary[]): LenderChain;
}

/**
 * Multi-bound contribution point for {@link LenderResolution}s (at most one per app). The plugin's
 * own, between its pools (the core) and its borrowed-concurrency adapter: no host binds or reads it
 * (a host asks the app's lifecycle: `checkLender`, `lenderChain`, `deletionBlocker`), so it is not
 * part of the host<->plugin contract.
 */
export const LENDER_RESOLUTION = Symbol.for('cartrover-connector/contribution/lender-resolution');
