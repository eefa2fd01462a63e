import { inject, injectable } from 'inversify';
import schema from '../../../../schemas/operations/orders.cancel.schema.json';
import type { CartRoverClient } from '../../../cartrover';
import type { ImportContext, ImportOperation, RecordResult } from '../../../contracts';
import { CONNECTION_TOKENS } from '../../../connection/connection-tokens';
import { failureMessage } from '../../shared/failure-message';
import { createConfigReader } from '../../shared/operation-config-reader';
import type { ConnectionClientFactory } from '../../../connection/connection-client-factory';
import { custRefOfRecord } from '../cust-ref';
import { ORDER_FIELD_PREFIXES } from '../record-checks/order-fields';
import { checkRecord } from '../record-checks/record-check';
import { OrderCancelRecordDto } from './order-cancel-dto';
import { recordResult } from '../record-results';
import { openImportBatch } from '../import-batch';

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

  async write(context: ImportContext, records: readonly unknown[]): Promise<readonly RecordResult[]> {
    const batch = openImportBatch(this.clients, this.readConfig, context, records);
    if ('failed' in batch) return batch.failed;
    const { client, signal, sequence } = batch;
    return Promise.all(
      records.map((record, index) => {
        const check = checkRecord(record, OrderCancelRecordDto.from, { allowedPrefixes: ORDER_FIELD_PREFIXES });
        const custRef = custRefOfRecord(record);
        if (!check.ok || custRef === undefined) {
          return Promise.resolve(recordResult(index, 'failed', custRef, `Invalid cancel: ${check.ok ? 'Missing required field(s): cust_ref' : check.message}`));
        }
        return sequence.run(custRef, (earlier) =>
          earlier?.ok
            ? Promise.resolve(recordResult(index, 'skipped', custRef, `Record ${earlier.index} of this batch already canceled this order.`))
            : cancelOne(client, custRef, index, signal),
        );
      }),
    );
  }
}

async function cancelOne(client: CartRoverClient, custRef: string, index: number, signal: AbortSignal): Promise<RecordResult> {
  try {
    await client.cancelOrder(custRef, { signal });
    return recordResult(index, 'canceled', custRef);
  } catch (error) {
    return recordResult(index, 'failed', custRef, failureMessage(error));
  }
}
