import type { ConnectionSummary } from '../../src/contracts';
import { type BorrowGraph, describeBorrowPath } from './borrow-graph';

/**
 * The lender rule, in one place: why `selfId` (undefined: a connection not saved yet, which no one
 * can borrow from, so it closes no cycle) may not borrow from `lenderId` among `connections` (the
 * borrowing app's, with `graph` built over them), or undefined when it may. The form shows this
 * sentence under the field and a host's save refuses with it ({@link BorrowLenderResolution.check}).
 */
export function lenderProblem(lenderId: string, selfId: string | undefined, connections: readonly ConnectionSummary[], graph: BorrowGraph): string | undefined {
  if (lenderId === selfId) return 'A connection cannot borrow concurrency from itself: choose another one from the list';
  const position = graph.positionOf(lenderId);
  if (position === undefined) return 'The connection chosen to borrow concurrency from does not exist: choose one from the list';
  const lender = connections[position]!;
  const closed = selfId === undefined ? undefined : graph.cycleClosedBy(selfId, lenderId);
  if (closed) return `Borrowing from ${lender.name} would close a cycle: ${describeBorrowPath(closed, connections)}`;
  const resolution = graph.resolve(lenderId);
  if ('cycle' in resolution) {
    return `${lender.name} borrows concurrency in a cycle (${describeBorrowPath(resolution.cycle, connections)}); choose another connection`;
  }
  return undefined;
}
