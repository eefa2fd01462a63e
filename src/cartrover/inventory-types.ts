import type { NumericValue } from './api-level';

/** Alias codes by type (`{"UPC": "..."}`), or `[]` when there are none (a PHP serialisation quirk). */
export type InventoryAliases = Readonly<Record<string, string>> | readonly [];

export interface CartRoverWarehouseStock {
  readonly warehouse?: string;
  readonly qty_available?: NumericValue;
  readonly qty_on_hand?: NumericValue;
  readonly wms_datetime?: string | null;
  readonly [field: string]: unknown;
}

/** Inventory of one SKU (list rows carry numbers, the single-SKU answer strings). */
export interface CartRoverInventoryItem {
  readonly sku: string;
  readonly qty_available?: NumericValue;
  readonly qty_on_hand?: NumericValue;
  readonly wms_datetime?: string | null;
  readonly aliases?: InventoryAliases;
  /** Keyed by warehouse id (a string such as "2352"). */
  readonly warehouses?: Readonly<Record<string, CartRoverWarehouseStock>> | readonly [];
  readonly [field: string]: unknown;
}

export interface ListInventoryParams {
  /** Page size, 1..100. The list defaults to the server's (20); the iterator to 100. */
  readonly limit?: number;
  /** From 1. */
  readonly page?: number;
}
