import type { ConnectionSummary } from './connection';
import type { ConnectionFormContribution } from './form';
import type { LenderChain } from './lender-chain';
import type { AppRole, OperationContribution } from './operation';
import type { ConnectionTestHandler } from './test-result';

export interface DocumentationLink {
  readonly title: string;
  readonly url: string;
}

/**
 * Keeps a plugin's runtime state (pools and their bindings) in step with the stored connections.
 * The host calls `sync` at start-up and after every change to this app's connections.
 */
export interface ConnectionLifecycle {
  sync(connections: readonly ConnectionSummary[]): Promise<void>;
  /**
   * Why the connection may not borrow concurrency from `lenderId` among `connections` (this app's,
   * the connection as it would be saved included), or undefined when it may. A host calls it once,
   * inside its write transaction, so concurrent edits cannot build a cycle together. Without a
   * lender resolution (no borrowing adapter) nothing is refused. Added in 1.3.0: a host treats a
   * plugin without it as one that refuses nothing.
   */
  checkLender?(connectionId: string, lenderId: string, connections: readonly ConnectionSummary[]): string | undefined;
  /** Why a connection may not be deleted (e.g. it lends its pool), or undefined when it may. */
  deletionBlocker(connectionId: string, connections: readonly ConnectionSummary[]): string | undefined;
  /**
   * The connection's {@link LenderChain} among `connections` (this app's), answered by the
   * plugin's one owner of lender chains so a host never walks them itself. Added in 1.2.0: a host
   * treats a plugin without it as one whose connections borrow from none (`[connectionId]`).
   */
  lenderChain?(connectionId: string, connections: readonly ConnectionSummary[]): LenderChain;
}

/** An app a plugin contributes: what a host lists in its application picker. */
export interface AppContribution {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly AppRole[];
  readonly documentation: readonly DocumentationLink[];
  readonly connectionForm: ConnectionFormContribution;
  readonly testHandler: ConnectionTestHandler;
  readonly operations: readonly OperationContribution[];
  readonly lifecycle: ConnectionLifecycle;
}
