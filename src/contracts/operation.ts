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

/** A destination operation: a batch in, one result per record; a bad record never fails its neighbours. */
export interface ImportOperation extends OperationBase {
  readonly role: 'destination';
  /** Largest batch the host should hand in at once. */
  readonly batchSize: number;
  write(context: ImportContext, records: readonly unknown[]): Promise<readonly RecordResult[]>;
}

export type OperationContribution = ExportOperation | ImportOperation;
