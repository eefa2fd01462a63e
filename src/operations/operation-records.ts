import type { CartRoverInventoryItem, InventoryAliases } from '../cartrover/inventory-types';
import type { NumericValue } from '../cartrover/api-level';
import type { CartRoverOrder, CreateOrderItem } from '../cartrover/order-types';
import type { CartRoverProduct } from '../cartrover/product-types';

/**
 * The records each operation gives (a source's `read`) or takes (a destination's `write`), by
 * operation id, for hosts that type their flows. Destinations still check every record at run time
 * (a flow's records are data, not code): these types say what passes, field names as CartRover's.
 */
export interface OperationRecords {
  readonly orders: { readonly out: OrdersExportRecord };
  readonly products: { readonly out: ProductsExportRecord };
  readonly inventory: { readonly out: InventoryExportRecord };
  readonly 'orders.create': { readonly in: OrderCreateRecord };
  readonly 'orders.update': { readonly in: OrderUpdateRecord };
  readonly 'orders.cancel': { readonly in: OrderCancelRecord };
}

/** An order as CartRover returns it. */
export type OrdersExportRecord = CartRoverOrder;

/** A product as CartRover returns it (one per SKU). */
export type ProductsExportRecord = CartRoverProduct;

/** One SKU's stock (`perWarehouse: false`), or one row per SKU and warehouse. */
export type InventoryExportRecord = CartRoverInventoryItem | InventoryWarehouseRecord;

/** `inventory` with `perWarehouse`: one warehouse's stock beside its SKU; a SKU without warehouses has its totals and `warehouse_id: null`. */
export interface InventoryWarehouseRecord {
  readonly sku: string;
  readonly aliases?: InventoryAliases;
  readonly warehouse_id: string | null;
  readonly warehouse?: string | null;
  readonly qty_available?: NumericValue;
  readonly qty_on_hand?: NumericValue;
  readonly wms_datetime?: string | null;
  readonly [field: string]: unknown;
}

/**
 * An `orders.create` record: `cust_ref` (the idempotency key), a ship-to address, a ship-to name
 * (first name, last name or company), `ship_state` in the US and Canada, and at least one line.
 */
export interface OrderCreateRecord {
  readonly cust_ref: string | number;
  readonly ship_first_name?: string;
  readonly ship_last_name?: string;
  readonly ship_company?: string;
  readonly ship_address_1: string;
  readonly ship_city: string;
  readonly ship_state?: string;
  readonly ship_zip: string;
  readonly ship_country: string;
  readonly items: readonly [CreateOrderItem, ...CreateOrderItem[]];
  readonly sub_total?: NumericValue;
  readonly order_discount?: NumericValue;
  readonly sales_tax?: NumericValue;
  readonly shipping_handling?: NumericValue;
  readonly grand_total?: NumericValue;
  /** Any other order field CartRover knows (an unknown name fails the record, by name). */
  readonly [field: string]: unknown;
}

/** An `orders.update` record: a status (else the step's) and tracking, as numbers or as shipments, not both. */
export type OrderUpdateRecord = OrderUpdateFields & (
  | { readonly tracking_no?: string | readonly string[]; readonly shipments?: never }
  | { readonly tracking_no?: never; readonly shipments: readonly [OrderUpdateShipment, ...OrderUpdateShipment[]] }
);

interface OrderUpdateFields {
  readonly cust_ref: string | number;
  readonly order_status?: string;
  /** Other order fields may ride along (an exported order) and are not sent. */
  readonly [field: string]: unknown;
}

export interface OrderUpdateShipment {
  readonly tracking_no: string;
  readonly [field: string]: unknown;
}

/** An `orders.cancel` record: the order's cust_ref (other order fields may ride along and are not sent). */
export interface OrderCancelRecord {
  readonly cust_ref: string | number;
  readonly [field: string]: unknown;
}
