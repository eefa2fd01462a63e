import type { OrderUpdate } from '../../../cartrover';
import { custRefOfRecord, readCustRef } from '../cust-ref';
import { ORDER_FIELD_PREFIXES } from '../record-checks/order-fields';
import { checkRecord } from '../record-checks/record-check';
import { OrderUpdateRecordDto } from './order-update-dto';

export type OrderUpdateReading =
  | { readonly valid: true; readonly custRef: string; readonly update: OrderUpdate }
  | { readonly valid: false; readonly custRef?: string; readonly message: string };

/**
 * Reads an `orders.update` record through its {@link OrderUpdateRecordDto} (class-validator) into
 * the update to send. `order_status` falls back to the step's `orderStatus` (default "confirmed",
 * the only value CartRover documents).
 */
export function readOrderUpdateRecord(record: unknown, defaultStatus: string): OrderUpdateReading {
  const check = checkRecord(record, OrderUpdateRecordDto.from, { allowedPrefixes: ORDER_FIELD_PREFIXES });
  if (!check.ok) return { valid: false, custRef: custRefOfRecord(record), message: check.message };
  const { dto } = check;
  const custRef = readCustRef(dto.cust_ref) as string;
  const status = typeof dto.order_status === 'string' ? dto.order_status.trim() : defaultStatus;
  if (status.trim() === '') return { valid: false, custRef, message: 'order_status must be a non-empty string: the step has no orderStatus either' };
  const shipments = shipmentsOf(dto);
  return { valid: true, custRef, update: shipments === undefined ? { order_status: status } : { order_status: status, shipments } };
}

/** One shipment per tracking number, or the shipments as given, or none. */
function shipmentsOf(dto: OrderUpdateRecordDto): OrderUpdate['shipments'] {
  if (dto.tracking_no !== undefined) {
    const numbers = (Array.isArray(dto.tracking_no) ? dto.tracking_no : [dto.tracking_no]) as string[];
    return numbers.map((number) => ({ tracking_no: number.trim() }));
  }
  return dto.shipments as OrderUpdate['shipments'];
}
