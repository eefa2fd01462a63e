import type { ConnectionSummary } from '../../src/contracts';

/**
 * The "borrows concurrency from" graph over the connections given (the caller picks the app).
 * Every walk remembers what it visited, so no input (cycles, dangling ids) makes it loop.
 */

/** Where a connection's permits come from: its root lender, or the cycle that leaves it none. */
export type BorrowResolution =
  | {
      readonly rootId: string;
      /** Set when the chain ends at an id that is not among the connections (the root then uses its own pool). */
      readonly missingLenderId?: string;
    }
  | {
      /** Ids around the cycle, first repeated last: `[A, B, A]`. */
      readonly cycle: readonly string[];
    };

type BorrowLinks = Pick<ConnectionSummary, 'id' | 'borrowConcurrencyFrom'>;

/**
 * Follows `borrowConcurrencyFrom` from `connectionId` to the root lender (A -> B -> C: C).
 * A connection whose lender is unknown is its own root. A connection leading into a cycle
 * (even one it is not part of) gets the cycle.
 */
export function resolveRootLender(connectionId: string, connections: readonly BorrowLinks[]): BorrowResolution {
  const byId = indexById(connections);
  const path: string[] = [];
  const seenAt = new Map<string, number>();
  let current = connectionId;
  for (;;) {
    seenAt.set(current, path.length);
    path.push(current);
    const lenderId = byId.get(current)?.borrowConcurrencyFrom || undefined;
    if (lenderId === undefined) return { rootId: current };
    if (!byId.has(lenderId)) return { rootId: current, missingLenderId: lenderId };
    const firstSeen = seenAt.get(lenderId);
    if (firstSeen !== undefined) return { cycle: [...path.slice(firstSeen), lenderId] };
    current = lenderId;
  }
}

/**
 * The cycle that `connectionId` borrowing from `candidateLenderId` would close, as ids from the
 * connection back to itself (`[A, B, A]`), or undefined when it closes none.
 */
export function cycleClosedBy(
  connectionId: string,
  candidateLenderId: string,
  connections: readonly BorrowLinks[],
): readonly string[] | undefined {
  const byId = indexById(connections);
  const path = [connectionId];
  const seen = new Set<string>([connectionId]);
  let current: string | undefined = candidateLenderId;
  while (current !== undefined) {
    path.push(current);
    if (current === connectionId) return path;
    if (seen.has(current)) return undefined; // a cycle further on that does not come back here
    seen.add(current);
    current = byId.get(current)?.borrowConcurrencyFrom || undefined;
  }
  return undefined;
}

/** True when `connectionId` borrowing from `candidateLenderId` would close a cycle. */
export function wouldCloseCycle(connectionId: string, candidateLenderId: string, connections: readonly BorrowLinks[]): boolean {
  return cycleClosedBy(connectionId, candidateLenderId, connections) !== undefined;
}

/** "Orders → Inventory → Orders": ids shown by connection name (the id when unknown). */
export function describeBorrowPath(ids: readonly string[], connections: readonly Pick<ConnectionSummary, 'id' | 'name'>[]): string {
  const names = new Map(connections.map((connection) => [connection.id, connection.name]));
  return ids.map((id) => names.get(id) ?? id).join(' → ');
}

function indexById<T extends BorrowLinks>(connections: readonly T[]): Map<string, T> {
  return new Map(connections.map((connection) => [connection.id, connection]));
}
