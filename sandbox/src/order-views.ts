/**
 * The JSON the API shows for an order (reference §5.3–§5.5, §6): view, list row and status.
 * Numbers are strings, flags are "Y"/"N", timestamps ISO UTC `+00:00`.
 */
import type { IncludeFlags } from './include-flags';
import { money } from './order-fields';
import { unitsShipped } from './shipments';
import type { StoredOrder, StoredOrderLine } from './stored-order';
import { formatIso } from './timestamps';

/** Looks up a SKU's aliases for include_aliases=Y. */
export type AliasLookup = (sku: string) => Record<string, string> | [];

function optionalIso(ms: number | undefined): string | null {
  return ms === undefined ? null : formatIso(ms);
}

function lineView(line: StoredOrderLine, flags: IncludeFlags, aliasesOf: AliasLookup): Record<string, unknown> {
  const view: Record<string, unknown> = {
    line_no: String(line.lineNo),
    item: line.item,
    lot_number: null,
    quantity: String(line.quantity),
    price: money(line.price, 4),
    discount: money(line.discount, 4),
    addl_discount: money(line.addlDiscount, 2),
    extended_amount: money((line.price - line.discount) * line.quantity),
    tax: money(line.tax),
    shipping_surcharge: money(line.shippingSurcharge),
    line_item_id: line.lineItemId,
    line_comment: null,
    Description: line.description, // capital D in responses (reference §6)
    alt_sku: null,
    filtered_sku: line.filtered ? 'Y' : 'N',
    line_location: null,
  };
  if (flags.lineExtras) view.extra_fields = { ...line.extraFields };
  if (flags.aliases) view.aliases = aliasesOf(line.item);
  return view;
}

export function orderView(order: StoredOrder, flags: IncludeFlags, aliasesOf: AliasLookup): Record<string, unknown> {
  const view: Record<string, unknown> = {
    record_no: String(order.recordNo),
    cust_ref: order.custRef,
    cust_ref_original: order.custRef,
    cust_po_no: order.custPoNo,
    cust_po_no_original: order.custPoNo,
    order_source: order.orderSource,
    order_date: order.orderDate,
    order_status: order.status,
    created_date_time: formatIso(order.dates.created),
    updated_date_time: formatIso(order.updatedAt),
    delivered_to_wms_date: optionalIso(order.dates.deliveredToWms),
    cancel_date: optionalIso(order.dates.canceled),
    error_reason: order.errorReason,
    ...order.header,
    routing_sw: 'N',
    on_hold: 'N',
    sending_canceled: order.status === 'canceled' ? 'Y' : 'N',
    regional_attempts: '0',
    items: order.lines.filter((line) => flags.filteredItems || !line.filtered).map((line) => lineView(line, flags, aliasesOf)),
    shipments: order.shipments.map((shipment) => structuredClone(shipment)),
  };
  if (flags.orderExtras) view.extra_fields = { ...order.extraFields };
  return view;
}

/** List rows also carry unit counts as numeric strings; num_to_ship may go negative (reference §5.5). */
export function orderListRow(order: StoredOrder, flags: IncludeFlags, aliasesOf: AliasLookup): Record<string, unknown> {
  const totalQty = order.lines.reduce((sum, line) => sum + line.quantity, 0);
  const shipped = unitsShipped(order.shipments);
  return {
    ...orderView(order, flags, aliasesOf),
    total_qty: String(totalQty),
    num_to_ship: String(totalQty - shipped),
    num_shipped: String(shipped),
  };
}

export function orderStatusView(order: StoredOrder): Record<string, unknown> {
  return {
    cust_ref: order.custRef,
    cust_po_no: order.custPoNo,
    order_status: order.status,
    delivered_to_wms_date: optionalIso(order.dates.deliveredToWms),
    updated_date_time: formatIso(order.updatedAt),
    ship_country: order.header.ship_country ?? null,
    shipments: order.shipments.map((shipment) => structuredClone(shipment)),
  };
}
