import { inject, injectable, optional } from 'inversify';
import { TOKENS, type ConnectionSummary, type LenderChain, type Logger } from '../../src/contracts';
import type { LenderResolution } from '../../src/concurrency/lender-resolution';
import { BorrowGraph, describeBorrowPath } from './borrow-graph';
import { BORROWING_APP_ID, borrowingAppConnections } from './borrowing-app';
import { lenderProblem } from './lender-check';

/**
 * The adapter's answer to the core's "whose pool?": a connection with `borrowConcurrencyFrom`
 * uses its root lender's pool (A -> B -> C: A and B use C's). The core keeps the pools.
 */
@injectable()
export class BorrowLenderResolution implements LenderResolution {
  readonly appId = BORROWING_APP_ID;

  constructor(@inject(TOKENS.Logger) @optional() private readonly logger?: Logger) {}

  rootsOf(connections: readonly ConnectionSummary[]): ReadonlyMap<string, string> {
    const candidates = borrowingAppConnections(connections);
    const rootOf = new Map<string, string>();
    const graph = new BorrowGraph(candidates); // one graph: all chains resolved in one pass
    for (const connection of candidates) {
      const resolution = graph.resolve(connection.id);
      if ('cycle' in resolution) {
        // The form refuses cycles at save; one in storage (an import, a race) keeps its old binding.
        this.logger?.warn('CartRover connection borrows concurrency in a cycle; its pool binding is left unchanged', {
          connectionId: connection.id,
          cycle: describeBorrowPath(resolution.cycle, candidates),
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
    return rootOf;
  }

  /** The form's own rule (one graph over the app's connections, as they would be after the save). */
  check(connectionId: string, lenderId: string, connections: readonly ConnectionSummary[]): string | undefined {
    const candidates = borrowingAppConnections(connections);
    return lenderProblem(lenderId, connectionId, candidates, new BorrowGraph(candidates));
  }

  deletionBlocker(connectionId: string, connections: readonly ConnectionSummary[]): string | undefined {
    const candidates = borrowingAppConnections(connections);
    const borrowers = candidates.filter((connection) => connection.borrowConcurrencyFrom === connectionId && connection.id !== connectionId);
    if (borrowers.length === 0) return undefined;
    const lenderName = candidates.find((connection) => connection.id === connectionId)?.name ?? connectionId;
    return `CartRover connection ${lenderName} lends its concurrency to: ${borrowers.map((borrower) => borrower.name).join(', ')}`;
  }

  lenderChain(connectionId: string, connections: readonly ConnectionSummary[]): LenderChain {
    return new BorrowGraph(borrowingAppConnections(connections)).chainOf(connectionId);
  }
}
