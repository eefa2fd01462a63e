import type { ConnectionSummary } from '../../src/contracts';

/**
 * The "borrows concurrency from" graph over the connections given (the caller picks the app): the
 * one place that walks lender chains. Built once per set of connections; every walk is memoised,
 * so resolving all n connections (roots, cycles, "does this lead back to me") costs O(n) in total,
 * and no input (cycles, dangling ids) makes it loop.
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

/** A memoised resolution: a cycle is kept once (its ring) with the member the walk enters it at. */
type Resolved =
  | { readonly rootId: string; readonly missingLenderId?: string }
  | { readonly ring: readonly string[]; readonly entry: number };

export class BorrowGraph<T extends BorrowLinks = BorrowLinks> {
  private readonly byId: ReadonlyMap<string, T>;
  private readonly resolved = new Map<string, Resolved>();

  constructor(connections: readonly T[]) {
    const byId = new Map<string, T>();
    for (const connection of connections) byId.set(connection.id, connection);
    this.byId = byId;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  /**
   * Follows `borrowConcurrencyFrom` from `connectionId` to the root lender (A -> B -> C: C).
   * A connection whose lender is unknown is its own root. A connection leading into a cycle
   * (even one it is not part of) gets the cycle, as entered from it.
   */
  resolve(connectionId: string): BorrowResolution {
    const resolved = this.walk(connectionId);
    if (!('ring' in resolved)) return resolved;
    const { ring, entry } = resolved;
    return { cycle: [...ring.slice(entry), ...ring.slice(0, entry), ring[entry]!] };
  }

  /** The root lender's id, or undefined when the chain runs into a cycle (no array is built). */
  rootIdOf(connectionId: string): string | undefined {
    const resolved = this.walk(connectionId);
    return 'ring' in resolved ? undefined : resolved.rootId;
  }

  /**
   * A test "does the chain from id reach `targetId`" (id itself included), memoised over every
   * call: asking it of all n connections walks each link once. `targetId` borrowing from `x` would
   * close a cycle exactly when `x` reaches `targetId`.
   */
  reaches(targetId: string): (connectionId: string) => boolean {
    const known = new Map<string, boolean>();
    return (connectionId) => {
      const path: string[] = [];
      const onPath = new Set<string>();
      let current: string | undefined = connectionId;
      let answer = false;
      for (;;) {
        if (current === undefined) break;
        if (current === targetId) {
          answer = true;
          break;
        }
        const memo = known.get(current);
        if (memo !== undefined) {
          answer = memo;
          break;
        }
        if (onPath.has(current)) break; // a cycle that does not pass through the target
        onPath.add(current);
        path.push(current);
        current = this.lenderOf(current);
      }
      for (const member of path) known.set(member, answer);
      return answer;
    };
  }

  /**
   * The cycle that `connectionId` borrowing from `candidateLenderId` would close, as ids from the
   * connection back to itself (`[A, B, A]`), or undefined when it closes none.
   */
  cycleClosedBy(connectionId: string, candidateLenderId: string): readonly string[] | undefined {
    const path = [connectionId];
    const seen = new Set<string>([connectionId]);
    let current: string | undefined = candidateLenderId;
    while (current !== undefined) {
      path.push(current);
      if (current === connectionId) return path;
      if (seen.has(current)) return undefined; // a cycle further on that does not come back here
      seen.add(current);
      current = this.lenderOf(current);
    }
    return undefined;
  }

  /** The lender id of a known connection ('' and null: none). */
  private lenderOf(id: string): string | undefined {
    return this.byId.get(id)?.borrowConcurrencyFrom || undefined;
  }

  /** One walk to a known answer, a root, a missing lender or a cycle; every id on the way is memoised. */
  private walk(start: string): Resolved {
    const done = this.resolved.get(start);
    if (done) return done;
    const path: string[] = [];
    const indexOnPath = new Map<string, number>();
    let current = start;
    let result: Resolved;
    for (;;) {
      const known = this.resolved.get(current);
      if (known) {
        result = known;
        break;
      }
      const at = indexOnPath.get(current);
      if (at !== undefined) {
        const ring = path.slice(at);
        ring.forEach((member, entry) => this.resolved.set(member, { ring, entry }));
        path.length = at; // the tail before the cycle enters it at `current`, the ring's first member
        result = { ring, entry: 0 };
        break;
      }
      indexOnPath.set(current, path.length);
      path.push(current);
      const lenderId = this.lenderOf(current);
      if (lenderId === undefined) {
        result = { rootId: current };
        break;
      }
      if (!this.byId.has(lenderId)) {
        result = { rootId: current, missingLenderId: lenderId };
        break;
      }
      current = lenderId;
    }
    for (const member of path) this.resolved.set(member, result);
    return result;
  }
}

/** {@link BorrowGraph.resolve} for one connection (builds the graph: prefer one graph for many). */
export function resolveRootLender(connectionId: string, connections: readonly BorrowLinks[]): BorrowResolution {
  return new BorrowGraph(connections).resolve(connectionId);
}

/** {@link BorrowGraph.cycleClosedBy} for one question. */
export function cycleClosedBy(
  connectionId: string,
  candidateLenderId: string,
  connections: readonly BorrowLinks[],
): readonly string[] | undefined {
  return new BorrowGraph(connections).cycleClosedBy(connectionId, candidateLenderId);
}

/** True when `connectionId` borrowing from `candidateLenderId` would close a cycle. */
export function wouldCloseCycle(connectionId: string, candidateLenderId: string, connections: readonly BorrowLinks[]): boolean {
  return cycleClosedBy(connectionId, candidateLenderId, connections) !== undefined;
}

/** "Orders → Inventory → Orders": ids shown by connection name (the id when unknown). */
export function describeBorrowPath(ids: readonly string[], connections: readonly Pick<ConnectionSummary, 'id' | 'name'>[]): string {
  const wanted = new Set(ids);
  const names = new Map<string, string>();
  for (const connection of connections) if (wanted.has(connection.id)) names.set(connection.id, connection.name);
  return ids.map((id) => names.get(id) ?? id).join(' → ');
}
