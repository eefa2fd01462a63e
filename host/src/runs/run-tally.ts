import type { RecordResult } from 'cartrover-connector/contracts';
import type { FailedRecord } from '../store/failed-record-repository';
import type { RunCounts, RunError } from '../store/stored-records';

/** The order a failed record names: the destination's `custRef`, else the record's own `cust_ref`. */
function custRefOf(result: RecordResult, record: unknown): string | undefined {
  if (result.custRef !== undefined && result.custRef !== '') return result.custRef;
  const own = typeof record === 'object' && record !== null ? (record as { cust_ref?: unknown }).cust_ref : undefined;
  return typeof own === 'string' && own.trim() !== '' ? own.trim() : undefined;
}

/** How many record errors a run keeps (the counts stay exact beyond that). */
export const MAX_RUN_ERRORS = 100;

/**
 * The counters of one run, counted per record as its result arrives (so what is saved, even of a
 * run that is killed, is what the destination did). Every record handed to the destination ends
 * up in exactly one of written, failed or skipped, so once the run is over
 * `read = written + failed + skipped` holds whatever the destination answers.
 */
export class RunTally implements RunCounts {
  read = 0;
  written = 0;
  failed = 0;
  skipped = 0;
  /** Records the source said it has, when it knows. */
  total: number | undefined;
  readonly #errors: RunError[] = [];
  #runErrors: RunError[] = [];
  /** The records of kept errors not saved yet (see takeUnsavedRecords). */
  #unsavedRecords: FailedRecord[] = [];

  /**
   * One record's result (its `index` is its position in the run) and the record as the source
   * gave it: a failed one is kept with its error (the first MAX_RUN_ERRORS), to fix and re-run.
   */
  count(result: RecordResult, record?: unknown): void {
    // "exists": an idempotent re-create found the record already there; nothing new was made.
    if (result.status === 'skipped' || result.status === 'exists') this.skipped += 1;
    else if (result.ok) this.written += 1;
    else {
      this.failed += 1;
      if (this.#errors.length < MAX_RUN_ERRORS) {
        const custRef = custRefOf(result, record);
        this.#errors.push({ index: result.index, ...(custRef === undefined ? {} : { custRef }), message: result.message ?? `record ${result.status}` });
        this.#unsavedRecords.push({ index: result.index, record });
      }
    }
  }

  /** The failed records kept since the last call (the runner saves them with the counts). */
  takeUnsavedRecords(): FailedRecord[] {
    const records = this.#unsavedRecords;
    this.#unsavedRecords = [];
    return records;
  }

  /** A reason the whole run failed; listed first. */
  runError(message: string): void {
    this.#runErrors = [{ message }];
  }

  /** Run errors first, then record errors in input order (results arrive in any order). */
  get errors(): RunError[] {
    const records = [...this.#errors].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return [...this.#runErrors, ...records].slice(0, MAX_RUN_ERRORS);
  }

  counts(): RunCounts {
    return { read: this.read, written: this.written, failed: this.failed, skipped: this.skipped };
  }
}
