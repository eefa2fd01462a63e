/**
 * Validation of a create-order body (reference §5.1). The real server-side rules are unknown;
 * we require only what no warehouse can do without: `cust_ref`, a ship-to street and city, and
 * at least one item with an `item` code and a positive `quantity`. Unknown fields are ignored.
 */
import { ApiError } from './api-answer';
import { BILL_TO_FIELDS, HEADER_FIELDS, MONEY_FIELDS, SHIP_TO_FIELDS, asApiText, money } from './order-fields';
import type { NewOrder, StoredOrderLine } from './stored-order';
import { formatDateOnly } from './timestamps';

const REQUIRED_SHIP_TO = ['ship_address_1', 'ship_city'];

function isPresent(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';
}

function numberField(value: unknown, label: string, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(parsed)) throw new ApiError('Invalid', `Invalid ${label}: ${JSON.stringify(value)} is not a number`);
  return parsed;
}

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) map[key] = asApiText(entry) ?? '';
  return map;
}

/** The cust_ref of a body entry if it has a usable one (also used to count create attempts). */
export function custRefOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const value = (raw as Record<string, unknown>).cust_ref;
  return isPresent(value) ? String(value).trim() : undefined;
}

function readLines(items: unknown[]): StoredOrderLine[] {
  return items.map((raw, index) => {
    const line = raw as Record<string, unknown>;
    const label = (field: string): string => `items[${index}].${field}`;
    const quantity = numberField(line.quantity, label('quantity'), NaN);
    if (!(quantity > 0)) throw new ApiError('Invalid', `Invalid ${label('quantity')}: must be greater than 0`);
    return {
      lineNo: index + 1,
      item: String(line.item).trim(),
      quantity,
      price: numberField(line.price, label('price'), 0),
      discount: numberField(line.discount, label('discount'), 0),
      addlDiscount: numberField(line.addl_discount, label('addl_discount'), 0),
      tax: numberField(line.tax, label('tax'), 0),
      shippingSurcharge: numberField(line.shipping_surcharge, label('shipping_surcharge'), 0),
      description: asApiText(line.description ?? line.Description),
      lineItemId: asApiText(line.line_item_id),
      filtered: false,
      extraFields: stringMap(line.extra_fields),
    };
  });
}

function missingFields(order: Record<string, unknown>): string[] {
  const missing: string[] = [];
  if (custRefOf(order) === undefined) missing.push('cust_ref');
  for (const field of REQUIRED_SHIP_TO) if (!isPresent(order[field])) missing.push(field);
  const items = order.items;
  if (!Array.isArray(items) || items.length === 0) {
    missing.push('items');
  } else {
    items.forEach((raw, index) => {
      const line = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      if (!isPresent(line.item)) missing.push(`items[${index}].item`);
      if (!isPresent(line.quantity)) missing.push(`items[${index}].quantity`);
    });
  }
  return missing;
}

export function readNewOrder(raw: unknown, now: number): NewOrder {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ApiError('Invalid', 'Each order must be a JSON object');
  }
  const order = raw as Record<string, unknown>;
  const missing = missingFields(order);
  if (missing.length > 0) throw new ApiError('Invalid', `Order missing required field(s): ${missing.join(', ')}`);
  const custRef = custRefOf(order) as string;
  const lines = readLines(order.items as unknown[]);

  const header: Record<string, string | null> = {};
  for (const field of HEADER_FIELDS) header[field] = asApiText(order[field]);
  for (const field of MONEY_FIELDS) {
    if (header[field] !== null) header[field] = money(numberField(order[field], field, 0));
  }
  // ship_is_billing copies ship-to into bill-to (reference §6).
  if (order.ship_is_billing === true || order.ship_is_billing === 'Y') {
    BILL_TO_FIELDS.forEach((field, index) => (header[field] = header[SHIP_TO_FIELDS[index]]));
  }
  const subTotal = lines.reduce((sum, line) => sum + (line.price - line.discount) * line.quantity, 0);
  header.sub_total ??= money(subTotal);
  header.grand_total ??= money(
    Number(header.sub_total) + Number(header.sales_tax ?? 0) + Number(header.shipping_handling ?? 0) - Number(header.order_discount ?? 0),
  );

  return {
    custRef,
    custPoNo: isPresent(order.cust_po_no) ? String(order.cust_po_no) : custRef,
    orderDate: typeof order.order_date === 'string' && order.order_date !== '' ? order.order_date : formatDateOnly(now),
    header,
    lines,
    extraFields: stringMap(order.extra_fields),
  };
}
