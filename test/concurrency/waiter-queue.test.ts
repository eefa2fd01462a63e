import fc from 'fast-check';
import { WaiterQueue, type Lane, type QueueEntry } from '../../src/concurrency/waiter-queue';

class Entry implements QueueEntry<Entry> {
  lane: Lane<Entry> | undefined;
  previous: Entry | undefined;
  next: Entry | undefined;
  constructor(
    readonly id: number,
    readonly priority: number,
  ) {}
}

describe('WaiterQueue', () => {
  it('serves by priority, FIFO within one, and removes any entry in O(1)', () => {
    const queue = new WaiterQueue<Entry>();
    const [a, b, c, d] = [new Entry(1, 0), new Entry(2, 5), new Entry(3, 0), new Entry(4, 5)];
    for (const entry of [a, b, c, d]) queue.push(entry);
    expect(queue.remove(b)).toBe(true);
    expect(queue.remove(b)).toBe(false);
    expect(new WaiterQueue<Entry>().remove(a)).toBe(false); // not that queue's entry
    expect(queue.size).toBe(3);
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual([d, a, c, undefined]);
    expect(queue.size).toBe(0);
  });

  it('behaves like a stable sort by priority under random pushes, removals and shifts', () => {
    type Step = { kind: 'push'; priority: number } | { kind: 'remove'; pick: number } | { kind: 'shift' } | { kind: 'take'; mod: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), priority: fc.integer({ min: -2, max: 2 }) }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('shift' as const) }),
      fc.record({ kind: fc.constant('take' as const), mod: fc.integer({ min: 2, max: 4 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const queue = new WaiterQueue<Entry>();
        const model: Entry[] = [];
        let nextId = 0;
        const ordered = () => [...model].sort((x, y) => y.priority - x.priority || x.id - y.id);
        const drop = (entry: Entry) => model.splice(model.indexOf(entry), 1);
        for (const current of steps) {
          if (current.kind === 'push') {
            const entry = new Entry(nextId++, current.priority);
            queue.push(entry);
            model.push(entry);
          } else if (current.kind === 'remove') {
            if (model.length === 0) continue;
            const victim = model[current.pick % model.length];
            expect(queue.remove(victim)).toBe(true);
            drop(victim);
          } else if (current.kind === 'shift') {
            const expected = ordered()[0];
            expect(queue.shift()).toBe(expected);
            if (expected) drop(expected);
          } else {
            const expected = ordered().filter((entry) => entry.id % current.mod === 0);
            expect(queue.removeWhere((entry) => entry.id % current.mod === 0)).toEqual(expected);
            expected.forEach(drop);
          }
          expect(queue.size).toBe(model.length);
        }
      }),
    );
  });
});
