import { inject, injectable } from 'inversify';
import schema from '../../../../schemas/operations/orders.schema.json';
import type { CartRoverClient, CartRoverOrder, ListOrdersParams, OrderStatusFilter } from '../../../cartrover';
import type { Clock, ExportContext, ExportOperation } from '../../../contracts';
import { TOKENS } from '../../../contracts';
import { CONNECTION_TOKENS } from '../../../connection/connection-tokens';
import { readPagesAhead } from '../page-read-ahead';
import { createConfigReader } from '../../shared/operation-config-reader';
import type { ConnectionClientFactory } from '../../../connection/connection-client-factory';
import { clientForStep } from '../../shared/step-client';
import { parseDeltaWatermark, serializeDeltaWatermark } from './delta-watermark';
import { deltaStatuses } from './delta-status-plan';
import type { OrdersExportConfig } from './orders-export-config';
import { OverlapDeduplicator } from './overlap-deduplicator';
import type { OrdersExportRecord } from '../../operation-records';

const MINUTE_MS = 60_000;

/**
 * Source `orders`: orders by status and date window, streamed page by page (one page in memory).
 * In delta mode it reads from the previous run's watermark (see delta-watermark.ts) and leaves a
 * new one when it has read everything.
 */
@injectable()
export class OrdersExportOperation implements ExportOperation {
  readonly id = 'orders';
  readonly role = 'source' as const;
  readonly name = 'Export orders';
  readonly description =
    'Orders by status and date window (merchant or cart level), optionally only those changed since the previous run (delta).';
  readonly configSchema = schema;
  private readonly readConfig = createConfigReader<OrdersExportConfig>(this.id, schema);

  constructor(
    @inject(CONNECTION_TOKENS.ClientFactory) private readonly clients: ConnectionClientFactory,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async *read(context: ExportContext): AsyncIterable<OrdersExportRecord> {
    const config = this.readConfig(context.config);
    const client = clientForStep(this.clients, context);
    if (config.delta) {
      yield* this.readDelta(client, config, context);
      return;
    }
    yield* readOrders(client, config, listParams(config, config.status, config.fromDate, config.toDate), context.signal);
  }

  private async *readDelta(client: CartRoverClient, config: OrdersExportConfig, context: ExportContext): AsyncIterable<OrdersExportRecord> {
    // Taken before the first request: anything that changes from now on is after `since`.
    const runStartMs = this.clock.now();
    const overlapMs = config.deltaOverlapMinutes * MINUTE_MS;
    const previous = parseDeltaWatermark(context.watermark);
    const fromDate = previous === undefined ? config.fromDate : new Date(Date.parse(previous.since) - overlapMs);
    const deduplicator = new OverlapDeduplicator(previous, runStartMs - overlapMs);
    let emitted = 0;
    let repeats = 0;

    for (const status of deltaStatuses(config.status)) {
      for await (const order of readOrders(client, config, listParams(config, status, fromDate, undefined), context.signal)) {
        if (deduplicator.admit(order)) {
          emitted += 1;
          yield order;
        } else {
          repeats += 1;
        }
      }
    }
    // Reached only when every list was read to its end: an interrupted run leaves the old watermark.
    context.setWatermark(
      serializeDeltaWatermark({ version: 1, since: new Date(runStartMs).toISOString(), overlapKeys: deduplicator.overlapKeys() }),
    );
    context.logger.info('CartRover delta orders export finished', {
      status: config.status,
      fromDate: fromDate instanceof Date ? fromDate.toISOString() : (fromDate ?? null),
      emitted,
      repeatsSkipped: repeats,
    });
  }
}

function readOrders(client: CartRoverClient, config: OrdersExportConfig, params: ListOrdersParams, signal: AbortSignal): AsyncGenerator<CartRoverOrder> {
  return readPagesAhead((page, limit, pageSignal) => client.listOrders({ ...params, page, limit }, { signal: pageSignal }), {
    pageSize: config.pageSize,
    pagesInFlight: config.pagesInFlight,
    signal,
  });
}

function listParams(
  config: OrdersExportConfig,
  status: OrderStatusFilter,
  fromDate: string | Date | undefined,
  toDate: string | undefined,
): ListOrdersParams {
  return {
    status,
    level: config.level,
    fromDate,
    toDate,
    includeFilteredItems: config.includeFilteredItems,
    includeOrderExtras: config.includeOrderExtras,
    includeLineExtras: config.includeLineExtras,
    includeAliases: config.includeAliases,
  };
}
