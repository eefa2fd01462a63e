import { inject, injectable } from 'inversify';
import schema from '../../../../schemas/operations/products.schema.json';
import type { CartRoverClient } from '../../../cartrover';
import { isCartRoverError } from '../../../cartrover';
import type { ExportContext, ExportOperation } from '../../../contracts';
import { CONNECTION_TOKENS } from '../../../connection/connection-tokens';
import { createConfigReader } from '../../shared/operation-config-reader';
import type { ConnectionClientFactory } from '../../../connection/connection-client-factory';
import { clientForStep } from '../../shared/step-client';
import type { ProductsExportRecord } from '../../operation-records';

interface ProductsExportConfig {
  readonly skus?: readonly string[];
}

/**
 * Source `products`: product info, one request per SKU (CartRover has no product list), for the
 * configured SKUs or for every SKU of the inventory, which is streamed page by page.
 */
@injectable()
export class ProductsExportOperation implements ExportOperation {
  readonly id = 'products';
  readonly role = 'source' as const;
  readonly name = 'Export products';
  readonly description = 'Product info (name, description, prices, weight, aliases) of the listed SKUs, or of every SKU in the inventory.';
  readonly configSchema = schema;
  private readonly readConfig = createConfigReader<ProductsExportConfig>(this.id, schema);

  constructor(@inject(CONNECTION_TOKENS.ClientFactory) private readonly clients: ConnectionClientFactory) {}

  async *read(context: ExportContext): AsyncIterable<ProductsExportRecord> {
    const config = this.readConfig(context.config);
    const client = clientForStep(this.clients, context);
    const options = { signal: context.signal };
    if (config.skus !== undefined) {
      // Listed on purpose: an unknown SKU is an error the user must see (a typo), not a gap.
      for (const sku of config.skus) yield await client.getProduct(sku, options);
      return;
    }
    for await (const item of client.iterateInventory({}, options)) {
      const product = await productOrNothing(client, item.sku, options.signal);
      if (product !== undefined) {
        yield product;
      } else {
        // Stock can exist for a SKU without product info: report it, do not fail the export.
        context.logger.warn('CartRover has inventory but no product info for a SKU; skipped', { sku: item.sku });
      }
    }
  }
}

async function productOrNothing(client: CartRoverClient, sku: string, signal: AbortSignal): Promise<ProductsExportRecord | undefined> {
  try {
    return await client.getProduct(sku, { signal });
  } catch (error) {
    if (isCartRoverError(error) && error.kind === 'not_found') return undefined;
    throw error;
  }
}
