/** The shipment object of the status call (reference §5.4), made up for orders the sandbox ships. */
import type { StoredOrder } from './stored-order';
import { formatIso } from './timestamps';

/** A plausible USPS shipment of the order's lines (half of each line, rounded up, when partial). */
export function defaultShipment(order: StoredOrder, at: number, partial: boolean): Record<string, unknown> {
  return {
    carrier: 'USPS',
    method: '09',
    tracking_no: `9405${String(order.recordNo).padStart(8, '0')}${String(at / 1000).slice(-6)}`,
    tracking_no_secondary: null,
    tracking_url: null,
    sscc_barcode: null,
    bill_of_lading: null,
    total_cost: '1.50',
    package_weight_lbs: '0.50',
    dim_weight_lbs: null,
    zone: null,
    delivery_surcharge_type: null,
    whs_location: null,
    box_length_in: null,
    box_width_in: null,
    box_height_in: null,
    date: formatIso(at),
    custom_1: null,
    custom_2: null,
    custom_3: null,
    items: order.lines.map((line) => ({
      item: line.item,
      quantity: String(partial ? Math.ceil(line.quantity / 2) : line.quantity),
      lot_code: null,
      carton_code: null,
      carton_num: '1',
      box_length_in: null,
      box_width_in: null,
      box_height_in: null,
      package_weight_lbs: null,
      custom_1: null,
    })),
  };
}

/** Units shipped so far, from the shipments' item quantities (strings or numbers). */
export function unitsShipped(shipments: readonly Record<string, unknown>[]): number {
  let total = 0;
  for (const shipment of shipments) {
    const items = Array.isArray(shipment.items) ? (shipment.items as Record<string, unknown>[]) : [];
    for (const item of items) {
      const quantity = Number(item?.quantity);
      if (Number.isFinite(quantity)) total += quantity;
    }
  }
  return total;
}
