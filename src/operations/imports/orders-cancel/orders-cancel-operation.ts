import { inject, injectable } from 'inversify';
import schema from '../../../../schemas/operations/orders.cancel.schema.json';
import type { CartRoverClient } from '../../../cartrover';
import type { ImportContext, ImportOperation, ImportSession, RecordResult } from '../../../contracts';
import { CONNECTION_TOKENS } from '../../../connection/connection-tokens';
import { failureMessage } from '../../shared/failure-message';
import { createConfigReader } from '../../shared/operation-config-reader';
import type { ConnectionClientFactory } from '../../../connection/connection-client-factory';
import { custRefOfRecord } from '../cust-ref';
import { ORDER_FIELD_PREFIXES } from '../record-checks/order-fields';
import { checkRecord } from '../record-checks/record-check';
import { OrderCancelRecordDto } from './order-cancel-dto';
import { recordResult } from '../record-results';
import { writeImportBatch, type OpenImportBatch } from '../import-batch';
import { openRecordImportSession } from '../record-import-session';

/**
 * Destination `orders.cancel`: asks CartRover to cancel each record's order (`{ cust_ref }`).
 * CartRover refuses late cancels (shipped, or past its window) with its own message: that record
 * fails, its neighbours do not. A repeated cust_ref in a batch is `skipped` once an earlier record
 * canceled the order (no second request).
 */
@injectable()
export class OrdersCancelOperation implements ImportOperation {
  readonly id = 'orders.cancel';
  readonly role = 'destination' as const;
  readonly name = 'Cancel orders';
  readonly description = 'Cancels the order of each record { cust_ref } (possible only shortly after creation, before shipping).';
  readonly configSchema = schema;
  readonly batchSize = 100;
  private readonly readConfig = createConfigReader<Record<string, never>>(this.id, schema);

  constructor(@inject(CONNECTION_TOKENS.ClientFactory) private readonly clients: ConnectionClientFactory) {}

  write(context: ImportContext, records: readonly unknown[]): Promise<readonly RecordResult[]> {
    return writeImportBatch(this.clients, this.readConfig, context, records, cancelRecord);
  }

  /** A run's session: the host's pump keeps the pool's level of records in flight. */
  open(context: ImportContext): Promise<ImportSession> {
    return openRecordImportSession(this.clients, this.readConfig, context, cancelRecord);
  }
}

function cancelRecord(shared: OpenImportBatch<Record<string, never>>, record: unknown, index: number): Promise<RecordResult> {
  const check = checkRecord(record, OrderCancelRecordDto.from, { allowedPrefixes: ORDER_FIELD_PREFIXES });
  const custRef = custRefOfRecord(record);
  if (!check.ok || custRef === undefined) {
    return Promise.resolve(recordResult(index, 'failed', custRef, `Invalid cancel: ${check.ok ? 'Missing required field(s): cust_ref' : check.message}`));
  }
  return shared.sequence.run(custRef, (earlier) =>
    earlier?.ok
      ? Promise.resolve(recordResult(index, 'skipped', custRef, `Record ${earlier.index} of this ${shared.scope} already canceled this order.`))
      : cancelOne(shared.client, custRef, index, shared.signal),
  );
}

async function cancelOne(client: CartRoverClient, custRef: string, index: number, signal: AbortSignal): Promise<RecordResult> {
  try {
    await client.cancelOrder(custRef, { signal });
    return recordResult(index, 'canceled', custRef);
  } catch (error) {
    return recordResult(index, 'failed', custRef, failureMessage(error));
  }
}
