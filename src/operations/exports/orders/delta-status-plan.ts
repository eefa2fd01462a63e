import type { OrderStatusFilter } from '../../../cartrover';

/**
 * Which single-status lists a delta run reads for a status filter.
 *
 * CartRover filters `from_date` on the date of the status itself (reference §5.5): created for
 * `new`, delivered for `at_wms`, shipment loaded for `shipped`/`partial`, and so on; and on the
 * creation date for the combined filters (`any`, `new_or_at_wms`). Reading a combined filter by
 * its creation date would miss every status change of older orders, so a delta run reads each
 * status of the combination on its own date: an order that moved since the last run shows up in
 * the list of its new status. Each order is in exactly one of these lists at a time.
 */
const DELTA_STATUSES: Readonly<Record<OrderStatusFilter, readonly OrderStatusFilter[]>> = {
  new: ['new'],
  at_wms: ['at_wms'],
  shipped: ['shipped'],
  partial: ['partial'],
  confirmed: ['confirmed'],
  error: ['error'],
  canceled: ['canceled'],
  new_or_at_wms: ['new', 'at_wms'],
  shipped_or_confirmed: ['shipped', 'partial', 'confirmed'],
  any: ['new', 'at_wms', 'shipped', 'partial', 'confirmed', 'error', 'canceled'],
};

export function deltaStatuses(status: OrderStatusFilter): readonly OrderStatusFilter[] {
  return DELTA_STATUSES[status];
}
