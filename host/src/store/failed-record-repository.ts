import type { Database } from 'better-sqlite3';
import { PreparedStatements } from './prepared-statements';

/** A failed record larger than this (as JSON) is not kept: its error line still is. */
export const MAX_KEPT_RECORD_BYTES = 256 * 1024;

/** One failed record of a run as the source gave it, by its position in the run (0-based). */
export interface FailedRecord {
  readonly index: number;
  readonly record: unknown;
}

/**
 * The records a run failed on (the first 100; see RunTally), kept apart from the run's row so the
 * run lists the page polls never carry them. The errors download puts each next to its sentence.
 */
export class FailedRecordRepository {
  readonly #statements: PreparedStatements;

  constructor(db: Database) {
    this.#statements = new PreparedStatements(db);
  }

  /** Saves records not saved yet (saving one again changes nothing). */
  add(runId: string, records: readonly FailedRecord[]): void {
    const insert = this.#statements.of('INSERT OR IGNORE INTO run_failed_records (run_id, record_index, record_json) VALUES (?, ?, ?)');
    for (const { index, record } of records) {
      const json = JSON.stringify(record ?? null);
      if (Buffer.byteLength(json) <= MAX_KEPT_RECORD_BYTES) insert.run(runId, index, json);
    }
  }

  /** The run's failed records by index. */
  ofRun(runId: string): Map<number, unknown> {
    const rows = this.#statements.of('SELECT record_index, record_json FROM run_failed_records WHERE run_id = ? ORDER BY record_index').all(runId) as Array<{ record_index: number; record_json: string }>;
    return new Map(rows.map((row) => [row.record_index, JSON.parse(row.record_json) as unknown]));
  }
}
