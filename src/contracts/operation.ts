import type { JsonSchema } from './json-schema';
import type { Logger } from './logger';

export type AppRole = 'source' | 'destination';

export type RecordStatus = 'created' | 'exists' | 'updated' | 'canceled' | 'written' | 'skipped' | 'failed';

/** One result per input record of a destination batch, in input order. */
export interface RecordResult {
  readonly index: number;
  readonly ok: boolean;
  readonly status: RecordStatus;
  readonly custRef?: string;
  readonly message?: string;
}

interface OperationContextBase {
  /** The connection the step uses (absent for apps without connections). */
  readonly connectionId?: string;
  /** The step's config, validated by the host against `configSchema` first. */
  readonly config: Record<string, unknown>;
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

export interface ExportContext extends OperationContextBase {
  /** The watermark the previous successful run left (delta mode), if any. */
  readonly watermark?: string;
  /** Called with the new watermark; the host keeps it only if the whole run succeeds. */
  setWatermark(watermark: string): void;
  /** Optional: a source that knows how many records it will give (a file) says so, for progress. */
  setTotal?(total: number): void;
}

export type ImportContext = OperationContextBase;

interface OperationBase {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** JSON Schema (draft 2020-12) of the step's config. */
  readonly configSchema: JsonSchema;
}

/** A source operation: records out, with bounded memory whatever the size. */
export interface ExportOperation extends OperationBase {
  readonly role: 'source';
  read(context: ExportContext): AsyncIterable<Record<string, unknown>>;
}

/**
 * A destination's writer for one run: records go in one at a time and each comes back with its
 * result as soon as it is done, so a host keeps `window` records in flight whatever the batch
 * boundaries (see `pumpRecords`).
 */
export interface ImportSession {
  /**
   * How many records are usefully in flight at once now (e.g. the connection pool's level). Read
   * again before each record, so a level changed during the run applies.
   */
  readonly window: number;
  /**
   * The record's result (its `index` is the one given: the record's position in the run). Rejects
   * only when the destination as a whole broke and the run cannot go on (the disk is full…); a bad
   * record is a failed result, never a rejection.
   */
  write(record: unknown, index: number): Promise<RecordResult>;
  /** Ends the run's session: flushes, and drops what was held for the run (a decrypted key…). */
  close(): Promise<void>;
}

/** A destination operation: a batch in, one result per record; a bad record never fails its neighbours. */
export interface ImportOperation extends OperationBase {
  readonly role: 'destination';
  /** Largest batch the host should hand in at once. */
  readonly batchSize: number;
  write(context: ImportContext, records: readonly unknown[]): Promise<readonly RecordResult[]>;
  /**
   * Optional: a session for one run, records one at a time (the continuous window). Without it a
   * host wraps `write` (see `openImportSession`).
   */
  open?(context: ImportContext): Promise<ImportSession>;
}

export type OperationContribution = ExportOperation | ImportOperation;
