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

/** `lenders[i]` of a connection that borrows from nobody. */
const NO_LENDER = -1;
/** `lenders[i]` of a connection whose lender id is not among the connections. */
const MISSING_LENDER = -2;
/** `rootOf[i]` before the connection is resolved, and of one whose chain runs into a cycle. */
const UNRESOLVED = -1;
const IN_CYCLE = -2;

/**
 * Connections are numbered once (one map from id to index); every walk after that runs over
 * integer arrays, and each connection is resolved once however many questions are asked.
 */
export class BorrowGraph<T extends BorrowLinks = BorrowLinks> {
  private readonly connections: readonly T[];
  private readonly indexOf = new Map<string, number>();
  /** By index: the lender's index, {@link NO_LENDER} or {@link MISSING_LENDER}. */
  private readonly lenders: Int32Array;
  /** By index: the root lender's index, {@link IN_CYCLE}, or {@link UNRESOLVED} until resolved. */
  private readonly rootOf: Int32Array;
  /** By index, for IN_CYCLE: the cycle member the chain enters the cycle at (a member: itself). */
  private readonly entryOf: Int32Array;
  private resolvedAll = false;

  constructor(connections: readonly T[]) {
    this.connections = connections;
    const count = connections.length;
    for (let index = 0; index < count; index += 1) this.indexOf.set(connections[index]!.id, index);
    this.lenders = new Int32Array(count);
    for (let index = 0; index < count; index += 1) {
      const lenderId = connections[index]!.borrowConcurrencyFrom;
      this.lenders[index] = lenderId ? (this.indexOf.get(lenderId) ?? MISSING_LENDER) : NO_LENDER;
    }
    this.rootOf = new Int32Array(count).fill(UNRESOLVED);
    this.entryOf = new Int32Array(count);
  }

  /** The connection with this id, as it was when the graph was built. */
  get(id: string): T | undefined {
    const index = this.indexOf.get(id);
    return index === undefined ? undefined : this.connections[index];
  }

  /** The position of the connection with this id in the list the graph was built from. */
  positionOf(id: string): number | undefined {
    return this.indexOf.get(id);
  }

  /**
   * Follows `borrowConcurrencyFrom` from `connectionId` to the root lender (A -> B -> C: C).
   * A connection whose lender is unknown is its own root. A connection leading into a cycle
   * (even one it is not part of) gets the cycle, as entered from it.
   */
  resolve(connectionId: string): BorrowResolution {
    const index = this.indexOf.get(connectionId);
    if (index === undefined) return { rootId: connectionId };
    this.resolveAll();
    const root = this.rootOf[index]!;
    if (root === IN_CYCLE) return { cycle: this.cycleFrom(this.entryOf[index]!) };
    const rootConnection = this.connections[root]!;
    return this.lenders[root] === MISSING_LENDER
      ? { rootId: rootConnection.id, missingLenderId: rootConnection.borrowConcurrencyFrom! }
      : { rootId: rootConnection.id };
  }

  /**
   * The ids from `connectionId` along its lenders to the root (A -> B -> C: `[A, B, C]`; a
   * connection unknown here: `[connectionId]`), or the cycle the chain runs into, as entered from it.
   */
  chainOf(connectionId: string): { readonly connectionIds: readonly string[] } | { readonly cycle: readonly string[] } {
    const index = this.indexOf.get(connectionId);
    if (index === undefined) return { connectionIds: [connectionId] };
    this.resolveAll();
    const root = this.rootOf[index]!;
    if (root === IN_CYCLE) return { cycle: this.cycleFrom(this.entryOf[index]!) };
    const ids = [connectionId];
    // Resolved: every step leads towards the root, so the walk ends there.
    for (let current = index; current !== root; ) {
      current = this.lenders[current]!;
      ids.push(this.connections[current]!.id);
    }
    return { connectionIds: ids };
  }

  /** The root lender's id, or undefined when the chain runs into a cycle (no array is built). */
  rootIdOf(connectionId: string): string | undefined {
    const index = this.indexOf.get(connectionId);
    if (index === undefined) return connectionId;
    this.resolveAll();
    const root = this.rootOf[index]!;
    return root === IN_CYCLE ? undefined : this.connections[root]!.id;
  }

  /**
   * A test "does the chain from id reach `targetId`" (id itself included), memoised over every
   * call: asking it of all n connections walks each link once. `targetId` borrowing from `x` would
   * close a cycle exactly when `x` reaches `targetId`.
   */
  reaches(targetId: string): (connectionId: string) => boolean {
    const target = this.indexOf.get(targetId);
    if (target === undefined) {
      // Only a chain that ends at a missing lender with exactly that id leads to an unknown connection.
      return (connectionId) => {
        if (connectionId === targetId) return true;
        const rootId = this.rootIdOf(connectionId);
        const root = rootId === undefined ? undefined : this.indexOf.get(rootId);
        return root !== undefined && this.lenders[root] === MISSING_LENDER && this.connections[root]!.borrowConcurrencyFrom === targetId;
      };
    }
    const reachesTarget = this.reachability(target);
    return (connectionId) => {
      const index = this.indexOf.get(connectionId);
      return index !== undefined && reachesTarget(index);
    };
  }

  /**
   * The connections `connectionId` may borrow from, as positions in the list the graph was built
   * from: not itself, not one whose chain leads back to it (that would close a cycle), not one
   * whose chain runs into a cycle. One pass, in the given `order` (positions; default: as given).
   * `connectionId` undefined (a new connection) rules out only the cycles.
   */
  lenderCandidates(connectionId: string | undefined, order?: readonly number[]): number[] {
    this.resolveAll();
    const self = connectionId === undefined ? undefined : this.indexOf.get(connectionId);
    const leadsToSelf = self === undefined ? undefined : this.reachability(self);
    const candidates: number[] = [];
    const count = order?.length ?? this.connections.length;
    for (let position = 0; position < count; position += 1) {
      const index = order ? order[position]! : position;
      const connection = this.connections[index]!;
      if (connection.id === connectionId || this.rootOf[index] === IN_CYCLE) continue;
      if (leadsToSelf?.(index)) continue;
      candidates.push(index);
    }
    return candidates;
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
      current = this.get(current)?.borrowConcurrencyFrom || undefined;
    }
    return undefined;
  }

  /** Ids around the cycle from `entry` back to it: `[A, B, A]`. */
  private cycleFrom(entry: number): string[] {
    const ids = [this.connections[entry]!.id];
    for (let current = this.lenders[entry]!; current !== entry; current = this.lenders[current]!) ids.push(this.connections[current]!.id);
    ids.push(ids[0]!);
    return ids;
  }

  /** Resolves every connection: each walk stops at the first connection resolved before, so each link is followed once. */
  private resolveAll(): void {
    if (this.resolvedAll) return;
    this.resolvedAll = true;
    const count = this.connections.length;
    const walkOf = new Int32Array(count).fill(-1); // which walk visited it (a cycle is a revisit in the same walk)
    const path = new Int32Array(count);
    for (let start = 0; start < count; start += 1) {
      if (this.rootOf[start] !== UNRESOLVED) continue;
      let length = 0;
      let current = start;
      let root: number;
      let entry = 0;
      for (;;) {
        const known = this.rootOf[current]!;
        if (known !== UNRESOLVED) {
          root = known;
          entry = this.entryOf[current]!;
          break;
        }
        if (walkOf[current] === start) {
          // A cycle: the path from `current` on is its ring; each member enters it at itself.
          let member = length - 1;
          while (path[member] !== current) member -= 1;
          for (let ring = member; ring < length; ring += 1) {
            this.rootOf[path[ring]!] = IN_CYCLE;
            this.entryOf[path[ring]!] = path[ring]!;
          }
          length = member;
          root = IN_CYCLE;
          entry = current;
          break;
        }
        walkOf[current] = start;
        path[length++] = current;
        const lender = this.lenders[current]!;
        if (lender < 0) {
          root = current; // no lender, or a missing one: its own root
          break;
        }
        current = lender;
      }
      for (let step = 0; step < length; step += 1) {
        this.rootOf[path[step]!] = root;
        this.entryOf[path[step]!] = entry;
      }
    }
  }

  /** "Does the chain from index i reach `target`", memoised for every i asked. */
  private reachability(target: number): (index: number) => boolean {
    const count = this.connections.length;
    const answer = new Int8Array(count); // 0 unknown, 1 reaches, 2 does not
    const walkOf = new Int32Array(count).fill(-1);
    const path = new Int32Array(count);
    return (start) => {
      if (answer[start] !== 0) return answer[start] === 1;
      let length = 0;
      let current = start;
      let reaches: boolean;
      for (;;) {
        if (current === target) {
          reaches = true;
          break;
        }
        if (current < 0 || walkOf[current] === start) {
          reaches = false; // the chain ends, or a cycle that does not pass through the target
          break;
        }
        if (answer[current] !== 0) {
          reaches = answer[current] === 1;
          break;
        }
        walkOf[current] = start;
        path[length++] = current;
        current = this.lenders[current]!;
      }
      for (let step = 0; step < length; step += 1) answer[path[step]!] = reaches ? 1 : 2;
      return reaches;
    };
  }
}

/** "Orders → Inventory → Orders": ids shown by connection name (the id when unknown). */
export function describeBorrowPath(ids: readonly string[], connections: readonly Pick<ConnectionSummary, 'id' | 'name'>[]): string {
  const wanted = new Set(ids);
  const names = new Map<string, string>();
  for (const connection of connections) if (wanted.has(connection.id)) names.set(connection.id, connection.name);
  return ids.map((id) => names.get(id) ?? id).join(' → ');
}
