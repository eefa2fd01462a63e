import type { RecordResult } from 'cartrover-connector/contracts';
import type { RunCounts, RunError } from '../store/stored-records';

/** How many record errors a run keeps (the counts stay exact beyond that). */
export const MAX_RUN_ERRORS = 100;

/**
 * The counters of one run. Every record read ends up in exactly one of written, failed or
 * skipped, so `read = written + failed + skipped` holds whatever the destination answers.
 */
export class RunTally implements RunCounts {
  read = 0;
  written = 0;
  failed = 0;
  skipped = 0;
  readonly errors: RunError[] = [];

  countBatch(offset: number, size: number, results: readonly RecordResult[]): void {
    const byIndex = new Map(results.map((result) => [result.index, result]));
    for (let index = 0; index < size; index += 1) {
      const result = byIndex.get(index);
      if (!result) this.#fail(offset + index, 'the destination returned no result for this record');
      // "exists": an idempotent re-create found the record already there; nothing new was made.
      else if (result.status === 'skipped' || result.status === 'exists') this.skipped += 1;
      else if (result.ok) this.written += 1;
      else this.#fail(offset + index, result.message ?? `record ${result.status}`);
    }
  }

  failBatch(offset: number, size: number, message: string): void {
    for (let index = 0; index < size; index += 1) this.#fail(offset + index, message);
  }

  runError(message: string): void {
    this.errors.unshift({ message });
    if (this.errors.length > MAX_RUN_ERRORS) this.errors.pop();
  }

  counts(): RunCounts {
    return { read: this.read, written: this.written, failed: this.failed, skipped: this.skipped };
  }

  #fail(index: number, message: string): void {
    this.failed += 1;
    if (this.errors.length < MAX_RUN_ERRORS) this.errors.push({ index, message });
  }
}
