import type { ImportSession, RecordResult } from './operation';

/** Records read from the source ahead of the destination, so a freed place never waits for a read. */
export const DEFAULT_READ_AHEAD = 4;
/**
 * Results that are done but wait for an earlier, slower record before they are reported in order.
 * Bounds memory when one record hangs while the others go on (about 200 bytes each).
 */
export const DEFAULT_MAX_WAITING = 4096;

export interface PumpOptions<Item> {
  /**
   * Stops reading at once: records not yet handed to the destination are not (and are not
   * reported); those in flight finish and are reported. The pump then resolves with `stopped`.
   */
  readonly stop?: AbortSignal;
  /** The record the destination gets for an item (default: the item itself). */
  readonly recordOf?: (item: Item) => unknown;
  readonly readAhead?: number;
  /** Done results kept waiting for an earlier, slower one (only with `onResult`: nothing waits without it). */
  readonly maxWaiting?: number;
  /** A record is handed to the destination (count it as read here). */
  readonly onStart?: (item: Item, index: number) => void;
  /** A record's result as soon as it arrives, in any order (count it here: a kill loses nothing counted). */
  readonly onSettled?: (result: RecordResult, item: Item) => void;
  /** The results in input order. Awaited: a slow consumer (a full stdout) holds the pump back. */
  readonly onResult?: (result: RecordResult, item: Item) => void | Promise<void>;
}

export interface PumpOutcome {
  /** Records handed to the destination (each was reported). */
  readonly started: number;
  /** The stop signal ended the reading before the source did. */
  readonly stopped: boolean;
}

/** Wakes every loop of the pump that waits for something to change. */
class Changes {
  #waiters: Array<() => void> = [];

  next(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

function iteratorOf<Item>(records: AsyncIterable<Item> | Iterable<Item>): AsyncIterator<Item> | Iterator<Item> {
  return Symbol.asyncIterator in records ? records[Symbol.asyncIterator]() : records[Symbol.iterator]();
}

/**
 * The one import pump of every host (the reference host's runner, the CLI, Node-RED): records
 * stream from `records` into `session` with up to `session.window` of them in flight at all times,
 * so a record that finishes frees its place for the next one at once, never after a batch. A small
 * read-ahead keeps the next records ready. Results are reported as they arrive (`onSettled`) and in
 * input order (`onResult`). Memory is bounded by the window, the read-ahead and `maxWaiting` (with
 * `onResult` only), never by the source.
 *
 * Ends when the source is done (or `stop`) and every record handed in has its result. A source
 * that throws ends the reading; what was read is still written, then the error is thrown. A
 * session that rejects (the destination broke) stops the reading at once; the records in flight
 * finish, the rejected one is reported failed with the reason, then that error is thrown.
 */
export async function pumpRecords<Item>(
  session: ImportSession,
  records: AsyncIterable<Item> | Iterable<Item>,
  options: PumpOptions<Item> = {},
): Promise<PumpOutcome> {
  const readAhead = Math.max(1, options.readAhead ?? DEFAULT_READ_AHEAD);
  const maxWaiting = Math.max(1, options.maxWaiting ?? DEFAULT_MAX_WAITING);
  const recordOf = options.recordOf ?? ((item: Item) => item);
  const changes = new Changes();
  const stop = options.stop;
  const onStop = (): void => changes.notify();
  stop?.addEventListener('abort', onStop, { once: true });

  const buffer: Item[] = [];
  let sourceDone = false;
  let sourceFailure: { error: unknown } | undefined;
  let broken: { error: unknown } | undefined;
  const halted = (): boolean => stop?.aborted === true || broken !== undefined;

  let started = 0;
  let inFlight = 0;
  let nextToReport = 0;
  let reporting = false;
  let reportFailed = false;
  let exhausted = false;
  const waiting = new Map<number, { result: RecordResult; item: Item }>();

  const iterator = iteratorOf(records);
  const read = async (): Promise<void> => {
    let finished = false;
    try {
      while (!halted()) {
        if (buffer.length >= readAhead) {
          await changes.next();
          continue;
        }
        const next = await iterator.next();
        if (next.done === true) {
          finished = true;
          exhausted = true;
          break;
        }
        // A record read after a stop is dropped: it was not handed in, so it is not reported.
        if (halted()) break;
        buffer.push(next.value);
        changes.notify();
      }
    } catch (error) {
      finished = true;
      sourceFailure = { error };
    } finally {
      sourceDone = true;
      changes.notify();
      // Stopped early: close the source (its file, its requests) without waiting for it.
      if (!finished) void Promise.resolve(iterator.return?.()).catch(() => undefined);
    }
  };

  const report = async (): Promise<void> => {
    if (reporting) return;
    reporting = true;
    try {
      for (let entry = waiting.get(nextToReport); entry !== undefined; entry = waiting.get(nextToReport)) {
        if (options.onResult) await options.onResult(entry.result, entry.item);
        waiting.delete(nextToReport);
        nextToReport += 1;
        changes.notify();
      }
    } catch (error) {
      // The consumer of the results failed (a closed stdout): nothing more can be reported.
      broken ??= { error };
      reportFailed = true;
      waiting.clear();
    } finally {
      reporting = false;
      changes.notify();
    }
  };

  const settle = (index: number, item: Item, result: RecordResult): void => {
    inFlight -= 1;
    options.onSettled?.(result, item);
    // Without an in-order consumer nothing waits: a record held behind a slow one would only cost
    // memory (V8 promotes what waits that long) and, past maxWaiting, stop the pump for nothing.
    if (options.onResult !== undefined && !reportFailed) {
      waiting.set(index, { result, item });
      void report();
    }
    changes.notify();
  };

  const start = (item: Item): void => {
    const index = started;
    started += 1;
    inFlight += 1;
    options.onStart?.(item, index);
    let written: Promise<RecordResult>;
    try {
      written = session.write(recordOf(item), index);
    } catch (error) {
      written = Promise.reject(error);
    }
    written.then(
      (result) => settle(index, item, result),
      (error: unknown) => {
        broken ??= { error };
        settle(index, item, { index, ok: false, status: 'failed', message: messageOf(error) });
      },
    );
  };

  const reading = read();
  try {
    for (;;) {
      if (halted()) break;
      if (buffer.length === 0) {
        if (sourceDone) break;
        await changes.next();
        continue;
      }
      if (inFlight >= Math.max(1, Math.floor(session.window) || 1) || waiting.size >= maxWaiting) {
        await changes.next();
        continue;
      }
      start(buffer.shift() as Item);
      changes.notify();
    }
    while (inFlight > 0 || reporting || (waiting.size > 0 && !reportFailed)) await changes.next();
    // A stopped pump does not wait for a read in progress (the reader drops what it brings).
    if (!halted()) await reading;
  } finally {
    stop?.removeEventListener('abort', onStop);
    changes.notify();
  }
  if (broken !== undefined) throw broken.error;
  const stopped = stop?.aborted === true && !(exhausted && buffer.length === 0);
  if (sourceFailure !== undefined && !stopped) throw sourceFailure.error;
  return { started, stopped };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
