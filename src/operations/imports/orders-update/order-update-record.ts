import type { OrderUpdate } from '../../../cartrover';
import { readCustRef } from '../cust-ref';

/**
 * An `orders.update` record:
 *   { cust_ref, order_status?, tracking_no?: string | string[], shipments?: [{ tracking_no, carrier?, ... }] }
 * `order_status` falls back to the step's `orderStatus` (default "confirmed", the only value
 * CartRover documents). Tracking comes either as `tracking_no` (one or several numbers: one
 * shipment each) or as full `shipments` objects, not both (which would win is not obvious).
 */
export type OrderUpdateReading =
  | { readonly valid: true; readonly custRef: string; readonly update: OrderUpdate }
  | { readonly valid: false; readonly custRef?: string; readonly message: string };

export function readOrderUpdateRecord(record: unknown, defaultStatus: string): OrderUpdateReading {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { valid: false, message: 'The record is not a JSON object' };
  }
  const fields = record as Record<string, unknown>;
  const custRef = readCustRef(fields.cust_ref);
  if (custRef === undefined) return { valid: false, message: 'Missing required field: cust_ref' };

  const status = fields.order_status ?? defaultStatus;
  if (typeof status !== 'string' || status.trim() === '') {
    return { valid: false, custRef, message: `order_status must be a non-empty string (got ${JSON.stringify(fields.order_status)})` };
  }
  if (fields.tracking_no !== undefined && fields.shipments !== undefined) {
    return { valid: false, custRef, message: 'Give tracking_no or shipments, not both' };
  }
  const shipments = readShipments(fields);
  if (typeof shipments === 'string') return { valid: false, custRef, message: shipments };
  return {
    valid: true,
    custRef,
    update: shipments === undefined ? { order_status: status.trim() } : { order_status: status.trim(), shipments },
  };
}

/** The shipments to send, undefined when the record has none, or a message naming the bad field. */
function readShipments(fields: Record<string, unknown>): OrderUpdate['shipments'] | string {
  const tracking = fields.tracking_no;
  if (tracking !== undefined) {
    const numbers = Array.isArray(tracking) ? tracking : [tracking];
    if (numbers.length === 0 || !numbers.every((number) => typeof number === 'string' && number.trim() !== '')) {
      return 'tracking_no must be a non-empty string or an array of them';
    }
    return numbers.map((number) => ({ tracking_no: (number as string).trim() }));
  }
  const shipments = fields.shipments;
  if (shipments === undefined) return undefined;
  if (!Array.isArray(shipments) || shipments.length === 0) return 'shipments must be a non-empty array of objects';
  for (const [index, shipment] of shipments.entries()) {
    if (typeof shipment !== 'object' || shipment === null || Array.isArray(shipment)) return `shipments[${index}] must be an object`;
    const number = (shipment as Record<string, unknown>).tracking_no;
    if (typeof number !== 'string' || number.trim() === '') return `shipments[${index}].tracking_no must be a non-empty string`;
  }
  return shipments as OrderUpdate['shipments'];
}
