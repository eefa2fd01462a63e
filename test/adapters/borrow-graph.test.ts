import fc from 'fast-check';
import { BorrowGraph, describeBorrowPath } from '../../adapters/borrowed-concurrency/borrow-graph';
import type { BorrowResolution } from '../../adapters/borrowed-concurrency/borrow-graph';

type Links = Pick<ConnectionSummary, 'id' | 'borrowConcurrencyFrom'>;
/** One question, one fresh graph: the reference the shared graph's answers are compared with. */
const resolveRootLender = (id: string, connections: readonly Links[]): BorrowResolution => new BorrowGraph(connections).resolve(id);
const cycleClosedBy = (id: string, lender: string, connections: readonly Links[]): readonly string[] | undefined => new BorrowGraph(connections).cycleClosedBy(id, lender);
const wouldCloseCycle = (id: string, lender: string, connections: readonly Links[]): boolean => cycleClosedBy(id, lender, connections) !== undefined;
import type { ConnectionSummary } from '../../src/contracts';
import { cartroverConnection } from './support/connections';

const graph = (edges: Record<string, string | null>) =>
  Object.entries(edges).map(([id, borrow]) => cartroverConnection(id, { borrow }));

describe('borrow graph', () => {
  it('resolves chains to the root lender', () => {
    const connections = graph({ a: 'b', b: 'c', c: null, d: null });
    expect(resolveRootLender('a', connections)).toEqual({ rootId: 'c' });
    expect(resolveRootLender('b', connections)).toEqual({ rootId: 'c' });
    expect(resolveRootLender('c', connections)).toEqual({ rootId: 'c' });
    expect(resolveRootLender('d', connections)).toEqual({ rootId: 'd' });
  });

  it('makes a connection whose lender is gone its own root, and says which lender is missing', () => {
    expect(resolveRootLender('a', graph({ a: 'b', b: 'gone' }))).toEqual({ rootId: 'b', missingLenderId: 'gone' });
    expect(resolveRootLender('unknown', graph({ a: null }))).toEqual({ rootId: 'unknown' });
  });

  it('reports cycles, including one the connection only leads into, and self-borrowing', () => {
    const connections = graph({ a: 'b', b: 'a', c: 'a', s: 's' });
    expect(resolveRootLender('a', connections)).toEqual({ cycle: ['a', 'b', 'a'] });
    expect(resolveRootLender('c', connections)).toEqual({ cycle: ['a', 'b', 'a'] });
    expect(resolveRootLender('s', connections)).toEqual({ cycle: ['s', 's'] });
  });

  it('tells whether borrowing would close a cycle, and which', () => {
    const connections = graph({ a: null, b: 'c', c: 'a', x: 'y', y: 'x' });
    expect(cycleClosedBy('a', 'b', connections)).toEqual(['a', 'b', 'c', 'a']);
    expect(wouldCloseCycle('a', 'b', connections)).toBe(true);
    expect(wouldCloseCycle('a', 'a', connections)).toBe(true);
    expect(wouldCloseCycle('b', 'a', connections)).toBe(false);
    expect(wouldCloseCycle('a', 'x', connections)).toBe(false); // a cycle further on, not through a
    expect(wouldCloseCycle('a', 'gone', connections)).toBe(false);
  });

  it('gives the chain from a connection to its root, or the cycle it runs into (the host asks it through the lifecycle)', () => {
    const connections = graph({ a: 'b', b: 'c', c: null, x: 'y', y: 'x', z: 'x', m: 'gone' });
    const borrows = new BorrowGraph(connections);
    expect(borrows.chainOf('a')).toEqual({ connectionIds: ['a', 'b', 'c'] });
    expect(borrows.chainOf('c')).toEqual({ connectionIds: ['c'] });
    expect(borrows.chainOf('m')).toEqual({ connectionIds: ['m'] }); // the missing lender is no member
    expect(borrows.chainOf('unknown')).toEqual({ connectionIds: ['unknown'] });
    expect(borrows.chainOf('x')).toEqual({ cycle: ['x', 'y', 'x'] });
    expect(borrows.chainOf('z')).toEqual({ cycle: ['x', 'y', 'x'] });
  });

  it('chainOf agrees with the root and the reachability answers on random graphs', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 7 }), { nil: null }), { minLength: 1, maxLength: 8 }), (lenders) => {
        const connections = graph(Object.fromEntries(lenders.map((lender, index) => [`c${index}`, lender === null ? null : `c${lender}`])));
        const borrows = new BorrowGraph(connections);
        for (const { id } of connections) {
          const chain = borrows.chainOf(id);
          const root = borrows.rootIdOf(id);
          if ('cycle' in chain) {
            expect(root).toBeUndefined();
          } else {
            expect(chain.connectionIds[0]).toBe(id);
            expect(chain.connectionIds.at(-1)).toBe(root);
            expect(new Set(chain.connectionIds).size).toBe(chain.connectionIds.length);
            for (const member of chain.connectionIds) expect(borrows.reaches(member)(id)).toBe(true);
          }
        }
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('describes a path by names', () => {
    const connections = [cartroverConnection('a', { name: 'Orders' }), cartroverConnection('b', { name: 'Inventory' })];
    expect(describeBorrowPath(['a', 'b', 'a'], connections)).toBe('Orders → Inventory → Orders');
    expect(describeBorrowPath(['a', 'zz'], connections)).toBe('Orders → zz');
  });

  it('answers "does the chain reach X" for every connection, including through and around cycles', () => {
    const connections = graph({ a: null, b: 'a', c: 'b', x: 'y', y: 'x', z: 'x', m: 'gone' });
    const reachesA = new BorrowGraph(connections).reaches('a');
    expect(['a', 'b', 'c', 'x', 'y', 'z', 'm', 'gone'].filter(reachesA)).toEqual(['a', 'b', 'c']);
    const reachesY = new BorrowGraph(connections).reaches('y');
    expect(['z', 'x', 'y', 'a'].map(reachesY)).toEqual([true, true, true, false]);
    // A connection that is not in the graph is reached only by a chain ending at it as a missing lender.
    const reachesGone = new BorrowGraph(connections).reaches('gone');
    expect(['m', 'a', 'x', 'gone', 'other'].map(reachesGone)).toEqual([true, false, false, true, false]);
  });

  it('gives roots without building cycles: undefined for a connection that runs into one', () => {
    const borrowGraph = new BorrowGraph(graph({ a: 'b', b: 'c', c: null, x: 'y', y: 'x', t: 'x' }));
    expect(['a', 'b', 'c', 'x', 'y', 't', 'unknown'].map((id) => borrowGraph.rootIdOf(id))).toEqual(['c', 'c', 'c', undefined, undefined, undefined, 'unknown']);
    expect(borrowGraph.resolve('t')).toEqual({ cycle: ['x', 'y', 'x'] });
    expect(borrowGraph.resolve('y')).toEqual({ cycle: ['y', 'x', 'y'] });
  });

  describe('walks each link a bounded number of times (linear, not quadratic)', () => {
    /** Connections whose `borrowConcurrencyFrom` reads are counted. */
    function countingChain(size: number, closeIntoCycle: boolean): { connections: ConnectionSummary[]; reads: () => number } {
      let reads = 0;
      const connections = Array.from({ length: size }, (_, index) => {
        const connection = cartroverConnection(`c${index}`);
        const lender = index + 1 < size ? `c${index + 1}` : closeIntoCycle ? `c${size / 2}` : null;
        return Object.defineProperty({ ...connection }, 'borrowConcurrencyFrom', {
          get: () => {
            reads += 1;
            return lender;
          },
        });
      });
      return { connections, reads: () => reads };
    }

    it.each([false, true])('resolving, reaching and rooting all of a 4000-long chain (ending in a cycle: %s) reads each link at most 4 times', (cycle) => {
      const size = 4000;
      const { connections, reads } = countingChain(size, cycle);
      const borrowGraph = new BorrowGraph(connections);
      const reachesMiddle = borrowGraph.reaches('c2000');
      for (const connection of connections) {
        borrowGraph.rootIdOf(connection.id);
        reachesMiddle(connection.id);
      }
      // Once per walk step: resolving all (about n) plus reaching all (about n); a per-candidate walk would read about n²/2.
      expect(reads()).toBeLessThanOrEqual(4 * size);
      expect(borrowGraph.rootIdOf('c0')).toBe(cycle ? undefined : `c${size - 1}`);
    });
  });

  describe('over random graphs', () => {
    /** Up to 8 connections, each borrowing from nobody, any connection (itself too), or a missing id. */
    const randomGraph = fc
      .integer({ min: 1, max: 8 })
      .chain((size) =>
        fc.array(fc.oneof(fc.constant(null), fc.integer({ min: 0, max: size - 1 }).map(String), fc.constant('missing')), {
          minLength: size,
          maxLength: size,
        }),
      )
      .map((lenders) => lenders.map((lender, index) => cartroverConnection(String(index), { borrow: lender })));
    const lenderOf = (id: string, connections: ReturnType<typeof cartroverConnection>[]) =>
      connections.find((connection) => connection.id === id)?.borrowConcurrencyFrom ?? null;

    it('returns a root reached by following the chain, or a real cycle reachable from the start; never loops', () => {
      fc.assert(
        fc.property(randomGraph, fc.nat(), (connections, pick) => {
          const start = connections[pick % connections.length].id;
          const resolution = resolveRootLender(start, connections);
          const chain = [start];
          for (let steps = 0; steps <= connections.length; steps++) {
            const lender = lenderOf(chain[chain.length - 1], connections);
            if (lender === null || !connections.some((c) => c.id === lender) || chain.includes(lender)) break;
            chain.push(lender);
          }
          if ('rootId' in resolution) {
            expect(chain[chain.length - 1]).toBe(resolution.rootId);
            const lender = lenderOf(resolution.rootId, connections);
            expect(lender === null || lender === resolution.missingLenderId).toBe(true);
          } else {
            const { cycle } = resolution;
            expect(cycle[0]).toBe(cycle[cycle.length - 1]);
            for (let index = 0; index + 1 < cycle.length; index++) expect(lenderOf(cycle[index], connections)).toBe(cycle[index + 1]);
            expect(chain).toContain(cycle[0]);
          }
        }),
        { numRuns: 500 },
      );
    });

    it('one graph asked about every connection (memoised walks) answers as a fresh graph per connection', () => {
      fc.assert(
        fc.property(randomGraph, fc.nat(), (connections, rotate) => {
          const shared = new BorrowGraph(connections);
          // Ask in a rotated order, so memoised answers are reached from different starting points.
          const order = connections.map((_, index) => connections[(index + rotate) % connections.length]!.id);
          for (const id of order) expect(shared.resolve(id)).toEqual(resolveRootLender(id, connections));
        }),
        { numRuns: 500 },
      );
    });

    it('wouldCloseCycle is true exactly when the change puts the connection on a cycle', () => {
      fc.assert(
        fc.property(randomGraph, fc.nat(), fc.nat(), (connections, pickSelf, pickLender) => {
          const self = connections[pickSelf % connections.length].id;
          const lender = connections[pickLender % connections.length].id;
          const changed = connections.map((c) => (c.id === self ? { ...c, borrowConcurrencyFrom: lender } : c));
          const closes = wouldCloseCycle(self, lender, connections);
          const resolved = resolveRootLender(self, changed);
          // The change puts `self` on a cycle exactly when wouldCloseCycle said so.
          expect('cycle' in resolved && resolved.cycle.includes(self)).toBe(closes);
          // The memoised one-pass answer agrees with the walk, asked of every connection in one graph.
          const borrowGraph = new BorrowGraph(connections);
          const reachesSelf = borrowGraph.reaches(self);
          for (const connection of connections) expect(reachesSelf(connection.id)).toBe(wouldCloseCycle(self, connection.id, connections));
          // Candidates: not itself, closing no cycle, not stuck in one.
          const expected = connections.filter(
            (c) => c.id !== self && !wouldCloseCycle(self, c.id, connections) && !('cycle' in resolveRootLender(c.id, connections)),
          );
          const ids = (positions: number[]) => positions.map((position) => connections[position]!.id);
          expect(ids(borrowGraph.lenderCandidates(self))).toEqual(expected.map((c) => c.id));
          expect(ids(borrowGraph.lenderCandidates(undefined))).toEqual(
            connections.filter((c) => !('cycle' in resolveRootLender(c.id, connections))).map((c) => c.id),
          );
        }),
        { numRuns: 500 },
      );
    });
  });
});
