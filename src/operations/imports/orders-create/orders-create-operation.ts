import { inject, injectable } from 'inversify';
import schema from '../../../../schemas/operations/orders.create.schema.json';
import type { CartRoverClient, CreateOrderInput } from '../../../cartrover';
import type { ImportContext, ImportOperation, ImportSession, RecordResult } from '../../../contracts';
import { CONNECTION_TOKENS } from '../../../connection/connection-tokens';
import { failureMessage } from '../../shared/failure-message';
import { createConfigReader } from '../../shared/operation-config-reader';
import type { ConnectionClientFactory } from '../../../connection/connection-client-factory';
import { recordResult } from '../record-results';
import { writeImportBatch, type OpenImportBatch } from '../import-batch';
import { openRecordImportSession } from '../record-import-session';
import type { OrdersCreateConfig } from './orders-create-config';
import { validateOrderRecord } from './order-validation';

/**
 * Destination `orders.create`: one create request per order, the whole batch at once; the
 * connection's pool (the client's request hook) decides how many are in flight, so there is no
 * second limiter here. Creation is idempotent by cust_ref (the client confirms unclear outcomes by
 * reading the order back), so an order CartRover already has is `exists`, ok.
 *
 * Records are validated first; an invalid one is `failed` with a message naming the field and
 * costs no request. Records of one batch with the same cust_ref are handled in input order: once
 * an earlier one created or found the order, a later one is `exists` without a request; if the
 * earlier one failed, the later one is sent on its own.
 */
@injectable()
export class OrdersCreateOperation implements ImportOperation {
  readonly id = 'orders.create';
  readonly role = 'destination' as const;
  readonly name = 'Create orders';
  readonly description =
    'Creates one CartRover order per record (cart level), idempotent by cust_ref, with per-record results. ' +
    'Each record needs cust_ref, a ship-to name (ship_first_name/ship_last_name or ship_company), ship_address_1, ship_city, ship_zip, ship_country and items (item, quantity); ' +
    'CartRover requires ship_state for US (and Canadian) addresses.';
  readonly configSchema = schema;
  readonly batchSize = 100;
  private readonly readConfig = createConfigReader<OrdersCreateConfig>(this.id, schema);

  constructor(@inject(CONNECTION_TOKENS.ClientFactory) private readonly clients: ConnectionClientFactory) {}

  write(context: ImportContext, records: readonly unknown[]): Promise<readonly RecordResult[]> {
    return writeImportBatch(this.clients, this.readConfig, context, records, createRecord);
  }

  /** A run's session: the host's pump keeps the pool's level of records in flight. */
  open(context: ImportContext): Promise<ImportSession> {
    return openRecordImportSession(this.clients, this.readConfig, context, createRecord);
  }
}

/** One record: checked first (an invalid one costs no request), then created in its cust_ref's turn. */
function createRecord(shared: OpenImportBatch<OrdersCreateConfig>, record: unknown, index: number): Promise<RecordResult> {
  const validation = validateOrderRecord(record, shared.config);
  if (!validation.valid) {
    return Promise.resolve(recordResult(index, 'failed', validation.custRef, `Invalid order: ${validation.message}`));
  }
  return shared.sequence.run(validation.custRef, (earlier) =>
    earlier?.ok
      ? Promise.resolve(recordResult(index, 'exists', validation.custRef, `Record ${earlier.index} of this ${shared.scope} has the same cust_ref; the order exists.`))
      : createOne(shared.client, validation.order, index, shared.signal),
  );
}

async function createOne(client: CartRoverClient, order: CreateOrderInput, index: number, signal: AbortSignal): Promise<RecordResult> {
  try {
    const created = await client.createOrder(order, { signal });
    const message = created.confirmedByReadBack ? 'Created; confirmed by reading the order back after an unclear answer.' : undefined;
    return recordResult(index, created.outcome, created.custRef, message);
  } catch (error) {
    return recordResult(index, 'failed', order.cust_ref, failureMessage(error));
  }
}
