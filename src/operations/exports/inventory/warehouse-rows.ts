import type { CartRoverInventoryItem } from '../../../cartrover';
import type { InventoryWarehouseRecord } from '../../operation-records';

/**
 * One record per SKU and warehouse: `warehouses` is an object keyed by warehouse id (reference
 * §4.6), flattened into `warehouse_id` plus that warehouse's stock (whose quantities replace the
 * SKU totals). A SKU without warehouses still gives one record, with `warehouse_id: null` and the
 * SKU totals, so no SKU disappears from the export.
 */
export function* warehouseRows(item: CartRoverInventoryItem): Generator<InventoryWarehouseRecord> {
  const { warehouses, ...skuFields } = item;
  const entries = warehouses !== null && typeof warehouses === 'object' && !Array.isArray(warehouses) ? Object.entries(warehouses) : [];
  if (entries.length === 0) {
    yield { ...skuFields, warehouse_id: null, warehouse: null };
    return;
  }
  for (const [warehouseId, stock] of entries) {
    yield { sku: item.sku, aliases: item.aliases ?? [], warehouse_id: warehouseId, ...stock };
  }
}
