import type { CreateOrderInput } from '../../../cartrover/order-types';
import { readCustRef } from '../cust-ref';
import { findChargeInconsistency } from './charge-consistency';
import { readDecimalField } from './decimal-field';

export interface OrderValidationOptions {
  readonly checkCharges: boolean;
  readonly chargeTolerance: number;
}

export type OrderValidation =
  | { readonly valid: true; readonly custRef: string; readonly order: CreateOrderInput }
  | { readonly valid: false; readonly custRef?: string; readonly message: string };

const ORDER_MONEY_FIELDS = ['sub_total', 'order_discount', 'sales_tax', 'shipping_handling', 'grand_total'];
const LINE_NUMERIC_FIELDS = ['price', 'discount', 'addl_discount', 'extended_amount', 'tax', 'shipping_surcharge'];
const REQUIRED_SHIP_TO = ['ship_address_1', 'ship_city', 'ship_zip', 'ship_country'];
/** Countries whose addresses need a state/province (the reference's U1 requires ship_state always; most of the world has none). */
const COUNTRIES_WITH_STATES = new Set(['US', 'USA', 'UNITED STATES', 'CA', 'CAN', 'CANADA']);

/**
 * Checks a record before it is sent, so a bad order costs no request and its message names the
 * field. The server's own rules are unknown (reference §5.1): we require what no warehouse can
 * ship without, following the reference's U1 client, and CartRover's charge definitions (§6).
 */
export function validateOrderRecord(record: unknown, options: OrderValidationOptions): OrderValidation {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { valid: false, message: 'The record is not a JSON object' };
  }
  const order = record as Record<string, unknown>;
  const custRef = readCustRef(order.cust_ref);

  const missing: string[] = [];
  if (custRef === undefined) missing.push('cust_ref');
  if (!['ship_first_name', 'ship_last_name', 'ship_company'].some((field) => hasText(order[field]))) {
    missing.push('ship_first_name/ship_last_name/ship_company (a ship-to name)');
  }
  for (const field of REQUIRED_SHIP_TO) if (!hasText(order[field])) missing.push(field);
  if (hasText(order.ship_country) && COUNTRIES_WITH_STATES.has(String(order.ship_country).trim().toUpperCase()) && !hasText(order.ship_state)) {
    missing.push('ship_state');
  }
  const items = order.items;
  if (!Array.isArray(items) || items.length === 0) {
    missing.push('items (at least one line)');
  } else {
    items.forEach((line, index) => {
      if (typeof line !== 'object' || line === null || Array.isArray(line)) {
        missing.push(`items[${index}] (an object)`);
        return;
      }
      if (!hasText((line as Record<string, unknown>).item)) missing.push(`items[${index}].item`);
    });
  }
  if (missing.length > 0) return { valid: false, custRef, message: `Missing required field(s): ${missing.join(', ')}` };

  const lines = items as Record<string, unknown>[];
  for (const [index, line] of lines.entries()) {
    const quantity = readDecimalField(line.quantity);
    if (quantity.kind !== 'value' || !(quantity.value > 0)) {
      return { valid: false, custRef, message: `items[${index}].quantity must be a number greater than 0 (got ${JSON.stringify(line.quantity)})` };
    }
    for (const field of LINE_NUMERIC_FIELDS) {
      if (readDecimalField(line[field]).kind === 'invalid') {
        return { valid: false, custRef, message: `items[${index}].${field} must be a number (got ${JSON.stringify(line[field])})` };
      }
    }
  }
  for (const field of ORDER_MONEY_FIELDS) {
    if (readDecimalField(order[field]).kind === 'invalid') {
      return { valid: false, custRef, message: `${field} must be a number (got ${JSON.stringify(order[field])})` };
    }
  }
  if (options.checkCharges) {
    const inconsistency = findChargeInconsistency(order, options.chargeTolerance);
    if (inconsistency !== undefined) return { valid: false, custRef, message: inconsistency };
  }
  return { valid: true, custRef: custRef as string, order: { ...order, cust_ref: custRef as string } as CreateOrderInput };
}

function hasText(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));
}
