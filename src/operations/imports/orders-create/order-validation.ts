import type { CreateOrderInput } from '../../../cartrover/order-types';
import { readCustRef } from '../cust-ref';
import { ORDER_FIELD_PREFIXES } from '../record-checks/order-fields';
import { checkRecord } from '../record-checks/record-check';
import { findChargeInconsistency } from './charge-consistency';
import { ORDER_RECORD_LABELS, OrderRecordDto } from './order-record-dto';

export interface OrderValidationOptions {
  readonly checkCharges: boolean;
  readonly chargeTolerance: number;
}

export type OrderValidation =
  | { readonly valid: true; readonly custRef: string; readonly order: CreateOrderInput }
  | { readonly valid: false; readonly custRef?: string; readonly message: string };

/**
 * Checks a record before it is sent, so a bad order costs no request and its message names the
 * field: the {@link OrderRecordDto} (class-validator: known fields only, required fields, numbers),
 * then CartRover's charge definitions (§6), a rule across fields the step may switch off.
 */
export function validateOrderRecord(record: unknown, options: OrderValidationOptions): OrderValidation {
  const check = checkRecord(record, OrderRecordDto.from, { requiredLabels: ORDER_RECORD_LABELS, allowedPrefixes: ORDER_FIELD_PREFIXES });
  const order = record as Record<string, unknown>;
  if (!check.ok) return { valid: false, ...(typeof record === 'object' && record !== null ? { custRef: readCustRef(order.cust_ref) } : {}), message: check.message };
  const custRef = readCustRef(order.cust_ref) as string;
  if (options.checkCharges) {
    const inconsistency = findChargeInconsistency(order, options.chargeTolerance);
    if (inconsistency !== undefined) return { valid: false, custRef, message: inconsistency };
  }
  return { valid: true, custRef, order: { ...order, cust_ref: custRef } as CreateOrderInput };
}
