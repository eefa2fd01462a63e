import type { ImportSession, RecordResult } from '../../src/contracts';
import { openImportSession, pumpRecords } from '../../src/contracts';
import type { ImportOperation } from '../../src/contracts';
import { silentLogger } from '../../src/fallback-services/silent-logger';

/** A destination whose records finish when the test says so: every record waits for `finish(index)`. */
class GatedSession implements ImportSession {
  inFlight = 0;
  maxInFlight = 0;
  readonly started: number[] = [];
  readonly #gates = new Map<number, (result: RecordResult | Error) => void>();
  #onStart: Array<() => void> = [];

  constructor(public window: number) {}

  write(_record: unknown, index: number): Promise<RecordResult> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.started.push(index);
    const listeners = this.#onStart;
    this.#onStart = [];
    for (const listener of listeners) listener();
    return new Promise((resolve, reject) => {
      this.#gates.set(index, (outcome) => {
        this.inFlight -= 1;
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      });
    });
  }

  finish(index: number, outcome: RecordResult | Error = { index, ok: true, status: 'written' }): void {
    const gate = this.#gates.get(index);
    if (!gate) throw new Error(`record ${index} is not in flight`);
    this.#gates.delete(index);
    gate(outcome);
  }

  /** Resolves once `count` records have been started. */
  async startedAtLeast(count: number): Promise<void> {
    while (this.started.length < count) await new Promise<void>((resolve) => this.#onStart.push(resolve));
  }

  inFlightIndexes(): number[] {
    return [...this.#gates.keys()];
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('pumpRecords: the one import pump', () => {
  it('keeps the window full: a freed place is taken by the next record at once, whatever the others do', async () => {
    const session = new GatedSession(3);
    const inOrder: number[] = [];
    const pumping = pumpRecords(session, Array.from({ length: 10 }, (_, n) => n), { onResult: (result) => void inOrder.push(result.index) });
    await session.startedAtLeast(3);
    await settle();
    expect(session.started).toEqual([0, 1, 2]);
    // Record 0 hangs; 1 finishes: 3 starts at once, not after 0.
    session.finish(1);
    await session.startedAtLeast(4);
    expect(session.started).toEqual([0, 1, 2, 3]);
    session.finish(2);
    session.finish(3);
    await session.startedAtLeast(6);
    expect(session.inFlight).toBe(3);
    // Results come out in input order: nothing before 0 is done.
    expect(inOrder).toEqual([]);
    session.finish(0);
    for (let index = 4; index < 10; index += 1) {
      await session.startedAtLeast(index + 1);
      session.finish(index);
    }
    await expect(pumping).resolves.toEqual({ started: 10, stopped: false });
    expect(inOrder).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(session.maxInFlight).toBe(3);
  });

  it('counts as results arrive (onSettled), in any order', async () => {
    const session = new GatedSession(2);
    const arrived: number[] = [];
    const pumping = pumpRecords(session, [0, 1], { onSettled: (result) => void arrived.push(result.index) });
    await session.startedAtLeast(2);
    session.finish(1);
    await settle();
    expect(arrived).toEqual([1]);
    session.finish(0);
    await pumping;
    expect(arrived).toEqual([1, 0]);
  });

  it('a stop reads no further record; those in flight finish and are reported', async () => {
    const session = new GatedSession(2);
    const stop = new AbortController();
    const reported: number[] = [];
    let pulled = 0;
    function* source() {
      for (let n = 0; n < 1000; n += 1) {
        pulled += 1;
        yield n;
      }
    }
    const pumping = pumpRecords(session, source(), { stop: stop.signal, onResult: (result) => void reported.push(result.index) });
    await session.startedAtLeast(2);
    stop.abort();
    session.finish(0);
    session.finish(1);
    await expect(pumping).resolves.toEqual({ started: 2, stopped: true });
    expect(reported).toEqual([0, 1]);
    expect(session.started).toEqual([0, 1]);
    // Only the window and the small read-ahead were read.
    expect(pulled).toBeLessThanOrEqual(2 + 4 + 1);
  });

  it('a source that throws: what was read is still written, then the error is thrown', async () => {
    const session = new GatedSession(5);
    async function* source() {
      yield 0;
      yield 1;
      throw new Error('line 3 is not JSON');
    }
    const pumping = pumpRecords(session, source());
    await session.startedAtLeast(2);
    session.finish(0);
    session.finish(1);
    await expect(pumping).rejects.toThrow('line 3 is not JSON');
  });

  it('a session that rejects (the destination broke) stops the reading at once; the rest in flight finish', async () => {
    const session = new GatedSession(3);
    const settled: RecordResult[] = [];
    const pumping = pumpRecords(session, Array.from({ length: 100 }, (_, n) => n), { onSettled: (result) => void settled.push(result) });
    await session.startedAtLeast(3);
    session.finish(1, new Error('The disk is full'));
    await settle();
    session.finish(0);
    session.finish(2);
    await expect(pumping).rejects.toThrow('The disk is full');
    expect(session.started).toEqual([0, 1, 2]);
    expect(settled.map((result) => [result.index, result.ok])).toEqual([[1, false], [0, true], [2, true]]);
    expect(settled[0]?.message).toBe('The disk is full');
  });

  it('memory stays bounded while one record hangs: at most maxWaiting done results wait for it (results in order)', async () => {
    const session = new GatedSession(4);
    function* endless() {
      for (let n = 0; ; n += 1) yield n;
    }
    const stop = new AbortController();
    const pumping = pumpRecords(session, endless(), { stop: stop.signal, maxWaiting: 20, onResult: () => undefined });
    await session.startedAtLeast(4);
    // Everything but record 0 finishes as soon as it is in flight, a hundred rounds long.
    for (let round = 0; round < 100; round += 1) {
      for (const index of session.inFlightIndexes()) if (index !== 0) session.finish(index);
      await settle();
    }
    // Record 0 + the 20 done ones waiting for it (+ at most the window's 3 others): the pump went no further.
    expect(session.started.length).toBeGreaterThanOrEqual(1 + 20);
    expect(session.started.length).toBeLessThanOrEqual(1 + 20 + 3);
    const started = session.started.length;
    stop.abort();
    for (const index of session.inFlightIndexes()) session.finish(index);
    await expect(pumping).resolves.toEqual({ started, stopped: true });
  });

  it('without an in-order consumer (onResult) nothing waits: a hanging record holds back neither records nor results', async () => {
    const session = new GatedSession(4);
    const counted: number[] = [];
    const pumping = pumpRecords(session, Array.from({ length: 200 }, (_, n) => n), { maxWaiting: 20, onSettled: (result) => void counted.push(result.index) });
    await session.startedAtLeast(4);
    // Everything but record 0 finishes as soon as it is in flight: all 199 others go through, far past maxWaiting.
    for (let round = 0; round < 300; round += 1) {
      for (const index of session.inFlightIndexes()) if (index !== 0) session.finish(index);
      await settle();
    }
    expect(session.started).toHaveLength(200);
    expect(counted).toHaveLength(199);
    expect(session.inFlightIndexes()).toEqual([0]);
    session.finish(0);
    await expect(pumping).resolves.toEqual({ started: 200, stopped: false });
    expect(counted).toHaveLength(200);
  });

  it('an operation with batches only: records handed in within one turn go as one batch, results per record', async () => {
    const batches: number[] = [];
    const operation: ImportOperation = {
      id: 'collect',
      role: 'destination',
      name: 'Collect',
      description: '',
      configSchema: {},
      batchSize: 10,
      write: async (_context, records) => {
        batches.push(records.length);
        return records.map((record, index) => ({ index, ok: (record as number) % 7 !== 0, status: (record as number) % 7 !== 0 ? 'written' : 'failed' }));
      },
    };
    const session = await openImportSession(operation, { config: {}, signal: new AbortController().signal, logger: silentLogger });
    const results: RecordResult[] = [];
    await pumpRecords(session, Array.from({ length: 25 }, (_, n) => n), { onResult: (result) => void results.push(result) });
    await session.close();
    expect(results.map((result) => result.index)).toEqual(Array.from({ length: 25 }, (_, n) => n));
    expect(results.filter((result) => !result.ok).map((result) => result.index)).toEqual([0, 7, 14, 21]);
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(25);
    expect(Math.max(...batches)).toBeLessThanOrEqual(10);
  });
});
