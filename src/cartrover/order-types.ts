import type { ApiLevel, NumericValue, YesNo } from './api-level';

/** Statuses `orders/list/{status}` accepts (reference §5.5; `partial` from some clients). */
export type OrderStatusFilter =
  | 'new'
  | 'at_wms'
  | 'partial'
  | 'shipped'
  | 'confirmed'
  | 'error'
  | 'canceled'
  | 'new_or_at_wms'
  | 'shipped_or_confirmed'
  | 'any';

/** Optional detail flags of view/list order (sent as Y/N). */
export interface OrderIncludeFlags {
  readonly includeFilteredItems?: boolean;
  readonly includeOrderExtras?: boolean;
  readonly includeLineExtras?: boolean;
  readonly includeAliases?: boolean;
}

export interface ListOrdersParams extends OrderIncludeFlags {
  readonly status: OrderStatusFilter;
  /** Default `merchant` (a WMS-side export); `cart` lists one order source's orders. */
  readonly level?: ApiLevel;
  /** ISO 8601 with a timezone, or a Date (sent as UTC ISO). Always give one with `any`. */
  readonly fromDate?: string | Date;
  readonly toDate?: string | Date;
  /** Page size, 1..100. Lists default to the server's (20); iterators to 100. */
  readonly limit?: number;
  /** From 1. Iterators start here. */
  readonly page?: number;
  readonly orderSource?: string;
}

export interface GetOrderParams extends OrderIncludeFlags {
  readonly level: ApiLevel;
}

export interface OrderStatusParams {
  readonly level: ApiLevel;
}

export interface CartRoverOrderItem {
  readonly line_no?: NumericValue;
  readonly item?: string;
  readonly quantity?: NumericValue;
  readonly price?: NumericValue;
  readonly discount?: NumericValue | null;
  readonly addl_discount?: NumericValue | null;
  readonly extended_amount?: NumericValue | null;
  readonly tax?: NumericValue | null;
  readonly shipping_surcharge?: NumericValue | null;
  /** Capital D in responses (lower case on create). */
  readonly Description?: string | null;
  readonly alt_sku?: string | null;
  readonly filtered_sku?: YesNo;
  readonly [field: string]: unknown;
}

export interface CartRoverShipmentItem {
  readonly item?: string;
  readonly quantity?: NumericValue;
  readonly [field: string]: unknown;
}

export interface CartRoverShipment {
  readonly carrier?: string | null;
  readonly method?: string | null;
  readonly tracking_no?: string | null;
  readonly date?: string | null;
  readonly total_cost?: NumericValue | null;
  readonly items?: readonly CartRoverShipmentItem[];
  readonly [field: string]: unknown;
}

/** An order as CartRover returns it (view and list); fields beyond these pass through untyped. */
export interface CartRoverOrder {
  readonly cust_ref: string;
  readonly cust_po_no?: string | null;
  readonly order_status?: string;
  readonly order_source?: string | null;
  readonly order_date?: string | null;
  readonly created_date_time?: string | null;
  readonly updated_date_time?: string | null;
  readonly sub_total?: NumericValue | null;
  readonly order_discount?: NumericValue | null;
  readonly sales_tax?: NumericValue | null;
  readonly shipping_handling?: NumericValue | null;
  readonly grand_total?: NumericValue | null;
  readonly total_qty?: NumericValue | null;
  readonly num_to_ship?: NumericValue | null;
  readonly num_shipped?: NumericValue | null;
  readonly items?: readonly CartRoverOrderItem[];
  readonly shipments?: readonly CartRoverShipment[];
  readonly [field: string]: unknown;
}

/** `orders/status/{cust_ref}`: status and tracking. */
export interface CartRoverOrderStatus {
  readonly cust_ref: string;
  readonly cust_po_no?: string | null;
  readonly order_status: string;
  readonly delivered_to_wms_date?: string | null;
  readonly updated_date_time?: string | null;
  readonly shipments?: readonly CartRoverShipment[];
  readonly [field: string]: unknown;
}

export interface CreateOrderItem {
  readonly item: string;
  readonly quantity: NumericValue;
  readonly price?: NumericValue;
  readonly description?: string;
  readonly [field: string]: unknown;
}

/** The body of create-order: `cust_ref` is required and is the idempotency key. */
export interface CreateOrderInput {
  readonly cust_ref: string;
  readonly items?: readonly CreateOrderItem[];
  readonly [field: string]: unknown;
}

/**
 * `created`: this call created it (confirmedByReadBack when an unknown outcome was settled by
 * reading the order back). `exists`: CartRover already had an order with this cust_ref.
 */
export interface CreateOrderOutcome {
  readonly outcome: 'created' | 'exists';
  readonly custRef: string;
  readonly orderNumber?: string;
  readonly confirmedByReadBack?: boolean;
}

/** `cart/orders/update/{cust_ref}`, e.g. `{ order_status: 'confirmed', shipments: [{ tracking_no }] }`. */
export interface OrderUpdate {
  readonly order_status: string;
  readonly shipments?: readonly { readonly tracking_no: string; readonly [field: string]: unknown }[];
  readonly [field: string]: unknown;
}

/** `cart/orders/wms_cancel/{cust_ref}` answer. */
export interface CancelOrderResult {
  readonly success: boolean;
  readonly message?: string;
}
