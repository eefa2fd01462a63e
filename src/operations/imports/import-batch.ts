import type { CartRoverClient } from '../../cartrover';
import type { ConnectionClientFactory } from '../../connection/connection-client-factory';
import type { ImportContext, RecordResult } from '../../contracts';
import { failureMessage } from '../shared/failure-message';
import { clientForStep } from '../shared/step-client';
import { batchSignal } from './batch-signal';
import { custRefOfRecord } from './cust-ref';
import { PerCustRefSequence } from './per-cust-ref-sequence';
import { failEveryRecord } from './record-results';

/** What every record of a started batch (or run session) shares. */
export interface OpenImportBatch<Config> {
  readonly config: Config;
  readonly client: CartRoverClient;
  /** Follows the step's signal; sized for one listener set per record. */
  readonly signal: AbortSignal;
  /** Runs the records of one cust_ref in input order, the others at once. */
  readonly sequence: PerCustRefSequence;
  /** How messages name the records' group: "Record 3 of this batch" or "of this run". */
  readonly scope: 'batch' | 'run';
}

/** One record's write, the same in a batch and in a run's session. Must not reject. */
export type WriteOneRecord<Config> = (shared: OpenImportBatch<Config>, record: unknown, index: number) => Promise<RecordResult>;

/**
 * Starts a destination batch: reads the step config and gets the step connection's client. When
 * either fails, the batch cannot start and every record fails with the reason (`failed`), so a
 * host still gets one result per record.
 */
export function openImportBatch<Config>(
  clients: ConnectionClientFactory,
  readConfig: (config: Record<string, unknown>) => Config,
  context: ImportContext,
  records: readonly unknown[],
): OpenImportBatch<Config> | { readonly failed: readonly RecordResult[] } {
  try {
    const config = readConfig(context.config);
    const client = clientForStep(clients, context);
    return { config, client, signal: batchSignal(context.signal, records.length), sequence: new PerCustRefSequence(), scope: 'batch' };
  } catch (error) {
    return { failed: failEveryRecord(records, failureMessage(error), custRefOfRecord) };
  }
}

/** A batch through `writeOne`, every record at once: the connection's pool decides how many are in flight. */
export async function writeImportBatch<Config>(
  clients: ConnectionClientFactory,
  readConfig: (config: Record<string, unknown>) => Config,
  context: ImportContext,
  records: readonly unknown[],
  writeOne: WriteOneRecord<Config>,
): Promise<readonly RecordResult[]> {
  const batch = openImportBatch(clients, readConfig, context, records);
  if ('failed' in batch) return batch.failed;
  return Promise.all(records.map((record, index) => writeOne(batch, record, index)));
}
