import type { ConnectionSummary } from './connection';
import type { ConnectionFormContribution } from './form';
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
  /** Why a connection may not be deleted (e.g. it lends its pool), or undefined when it may. */
  deletionBlocker(connectionId: string, connections: readonly ConnectionSummary[]): string | undefined;
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
