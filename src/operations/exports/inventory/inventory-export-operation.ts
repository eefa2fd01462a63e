import { inject, injectable } from 'inversify';
import schema from '../../../../schemas/operations/inventory.schema.json';
import type { ExportContext, ExportOperation } from '../../../contracts';
import { CONNECTION_TOKENS } from '../../../connection/connection-tokens';
import { readPagesAhead } from '../page-read-ahead';
import { createConfigReader } from '../../shared/operation-config-reader';
import type { ConnectionClientFactory } from '../../../connection/connection-client-factory';
import { clientForStep } from '../../shared/step-client';
import type { InventoryExportRecord } from '../../operation-records';
import { warehouseRows } from './warehouse-rows';

interface InventoryExportConfig {
  readonly perWarehouse: boolean;
  readonly pageSize: number;
  readonly pagesInFlight: number;
}

/** Source `inventory`: every SKU's stock, page by page; optionally one record per SKU x warehouse. */
@injectable()
export class InventoryExportOperation implements ExportOperation {
  readonly id = 'inventory';
  readonly role = 'source' as const;
  readonly name = 'Export inventory';
  readonly description = 'Stock of every SKU (available, on hand), per SKU with its warehouses or flattened per SKU and warehouse.';
  readonly configSchema = schema;
  private readonly readConfig = createConfigReader<InventoryExportConfig>(this.id, schema);

  constructor(@inject(CONNECTION_TOKENS.ClientFactory) private readonly clients: ConnectionClientFactory) {}

  async *read(context: ExportContext): AsyncIterable<InventoryExportRecord> {
    const config = this.readConfig(context.config);
    const client = clientForStep(this.clients, context);
    const items = readPagesAhead((page, limit, signal) => client.listInventory({ page, limit }, { signal }), {
      pageSize: config.pageSize,
      pagesInFlight: config.pagesInFlight,
      signal: context.signal,
    });
    for await (const item of items) {
      if (config.perWarehouse) yield* warehouseRows(item);
      else yield item;
    }
  }
}
