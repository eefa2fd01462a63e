import { inject, injectable } from 'inversify';
import schema from '../../../../schemas/operations/orders.update.schema.json';
import type { CartRoverClient, OrderUpdate } from '../../../cartrover';
import type { ImportContext, ImportOperation, ImportSession, RecordResult } from '../../../contracts';
import { CONNECTION_TOKENS } from '../../../connection/connection-tokens';
import { failureMessage } from '../../shared/failure-message';
import { createConfigReader } from '../../shared/operation-config-reader';
import type { ConnectionClientFactory } from '../../../connection/connection-client-factory';
import { recordResult } from '../record-results';
import { writeImportBatch, type OpenImportBatch } from '../import-batch';
import { openRecordImportSession } from '../record-import-session';
import { readOrderUpdateRecord } from './order-update-record';

/** After the schema's defaults: `orderStatus` is "confirmed" unless the step names another. */
interface OrdersUpdateConfig {
  readonly orderStatus: string;
}

/**
 * Destination `orders.update`: posts status and tracking numbers per order (see
 * order-update-record.ts for the record shape). Updates of the same cust_ref within a batch are
 * sent one after another in input order, so the last one wins as it would in a sequential run.
 */
@injectable()
export class OrdersUpdateOperation implements ImportOperation {
  readonly id = 'orders.update';
  readonly role = 'destination' as const;
  readonly name = 'Update order status';
  readonly description = 'Sets order status (e.g. confirmed) and posts tracking numbers back to CartRover, per record { cust_ref, order_status?, tracking_no? | shipments? }.';
  readonly configSchema = schema;
  readonly batchSize = 100;
  private readonly readConfig = createConfigReader<OrdersUpdateConfig>(this.id, schema);

  constructor(@inject(CONNECTION_TOKENS.ClientFactory) private readonly clients: ConnectionClientFactory) {}

  write(context: ImportContext, records: readonly unknown[]): Promise<readonly RecordResult[]> {
    return writeImportBatch(this.clients, this.readConfig, context, records, updateRecord);
  }

  /** A run's session: the host's pump keeps the pool's level of records in flight. */
  open(context: ImportContext): Promise<ImportSession> {
    return openRecordImportSession(this.clients, this.readConfig, context, updateRecord);
  }
}

function updateRecord(shared: OpenImportBatch<OrdersUpdateConfig>, record: unknown, index: number): Promise<RecordResult> {
  const reading = readOrderUpdateRecord(record, shared.config.orderStatus);
  if (!reading.valid) return Promise.resolve(recordResult(index, 'failed', reading.custRef, `Invalid update: ${reading.message}`));
  return shared.sequence.run(reading.custRef, () => updateOne(shared.client, reading.custRef, reading.update, index, shared.signal));
}

async function updateOne(client: CartRoverClient, custRef: string, update: OrderUpdate, index: number, signal: AbortSignal): Promise<RecordResult> {
  try {
    await client.updateOrder(custRef, update, { signal });
    return recordResult(index, 'updated', custRef);
  } catch (error) {
    return recordResult(index, 'failed', custRef, failureMessage(error));
  }
}
