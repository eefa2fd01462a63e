/**
 * SKUs with their inventory per warehouse and product info, and the three ways the API shows
 * them (reference §4.6, §5.8, §5.9): the inventory list with numbers, inventory/{sku} with
 * strings, product/{sku} with a non-ISO `last_updated_datetime` and aliases as a list.
 */
import { ApiError } from './api-answer';
import { formatIso, formatProductDatetime } from './timestamps';

export interface WarehouseStock {
  id: string;
  name: string;
  qtyAvailable: number;
  qtyOnHand: number;
  wmsAt: number;
}

export interface SkuRecord {
  sku: string;
  name: string | null;
  description: string | null;
  retailPrice: number | null;
  wholesalePrice: number | null;
  weightLbs: number | null;
  updatedAt: number;
  /** Code type -> code, e.g. { UPC: '…' }; empty when the SKU has none. */
  aliases: Record<string, string>;
  warehouses: WarehouseStock[];
}

function totals(record: SkuRecord): { available: number; onHand: number; wmsAt: number } {
  return {
    available: record.warehouses.reduce((sum, w) => sum + w.qtyAvailable, 0),
    onHand: record.warehouses.reduce((sum, w) => sum + w.qtyOnHand, 0),
    wmsAt: Math.max(record.updatedAt, ...record.warehouses.map((w) => w.wmsAt)),
  };
}

/** PHP serialises an empty map as `[]` (reference §4.6). */
export function aliasMap(aliases: Record<string, string>): Record<string, string> | [] {
  return Object.keys(aliases).length === 0 ? [] : { ...aliases };
}

export class SkuCatalog {
  private readonly bySku = new Map<string, SkuRecord>();

  add(record: SkuRecord): void {
    this.bySku.set(record.sku, record);
  }

  find(sku: string): SkuRecord | undefined {
    return this.bySku.get(sku);
  }

  /** Sorted by SKU so pages are stable. */
  all(): SkuRecord[] {
    return [...this.bySku.values()].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  }

  private get(sku: string): SkuRecord {
    const record = this.bySku.get(sku);
    if (!record) throw new ApiError('Invalid', `SKU not found: ${sku}`, true);
    return record;
  }

  inventoryListRow(record: SkuRecord): Record<string, unknown> {
    const sum = totals(record);
    const warehouses: Record<string, unknown> = {};
    for (const w of record.warehouses) {
      warehouses[w.id] = { warehouse: w.name, qty_available: w.qtyAvailable, qty_on_hand: w.qtyOnHand, wms_datetime: formatIso(w.wmsAt) };
    }
    return {
      sku: record.sku,
      qty_available: sum.available,
      qty_on_hand: sum.onHand,
      wms_datetime: formatIso(sum.wmsAt),
      aliases: aliasMap(record.aliases),
      warehouses,
    };
  }

  /** The single-SKU fixture has string quantities and no aliases. */
  inventoryDetail(sku: string): Record<string, unknown> {
    const record = this.get(sku);
    const sum = totals(record);
    const warehouses: Record<string, unknown> = {};
    for (const w of record.warehouses) {
      warehouses[w.id] = { warehouse: w.name, qty_available: String(w.qtyAvailable), qty_on_hand: String(w.qtyOnHand), wms_datetime: formatIso(w.wmsAt) };
    }
    return {
      sku: record.sku,
      qty_available: String(sum.available),
      qty_on_hand: String(sum.onHand),
      wms_datetime: formatIso(sum.wmsAt),
      warehouses,
    };
  }

  product(sku: string): Record<string, unknown> {
    const record = this.get(sku);
    return {
      sku: record.sku,
      name: record.name,
      description: record.description,
      retail_price: record.retailPrice,
      wholesale_price: record.wholesalePrice,
      weight_lbs: record.weightLbs,
      wms_product_main_id: null,
      last_updated_datetime: formatProductDatetime(record.updatedAt),
      aliases: Object.entries(record.aliases).map(([code_type, code]) => ({ code_type, code })),
    };
  }
}
