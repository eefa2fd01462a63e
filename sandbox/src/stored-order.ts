/** How the sandbox keeps an order internally; order-views.ts turns it into API JSON. */
import type { OrderDateField, OrderStatus } from './order-status';

export interface StoredOrderLine {
  lineNo: number;
  item: string;
  quantity: number;
  price: number;
  discount: number;
  addlDiscount: number;
  tax: number;
  shippingSurcharge: number;
  description: string | null;
  lineItemId: string | null;
  /** Shown only with include_filtered_items=Y. */
  filtered: boolean;
  extraFields: Record<string, string>;
}

export interface StoredOrder {
  recordNo: number;
  custRef: string;
  custPoNo: string;
  orderSource: string;
  orderDate: string;
  status: OrderStatus;
  /** Whole-second epoch ms of each lifecycle step reached; `created` always. */
  dates: Partial<Record<OrderDateField, number>> & { created: number };
  updatedAt: number;
  /** Creation time to the millisecond, for the cancel window (`dates.created` is whole seconds). */
  createdAtMs: number;
  /** HEADER_FIELDS values, already in API form (strings or null). */
  header: Record<string, string | null>;
  lines: StoredOrderLine[];
  shipments: Record<string, unknown>[];
  extraFields: Record<string, string>;
  errorReason: string | null;
}

/** What create-order validation hands to the store. */
export type NewOrder = Omit<StoredOrder, 'recordNo' | 'status' | 'dates' | 'updatedAt' | 'createdAtMs' | 'shipments' | 'errorReason' | 'orderSource'>;
