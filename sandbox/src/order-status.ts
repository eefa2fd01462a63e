/**
 * Order statuses and the `list/{status}` filters (reference §5.5): which statuses each filter
 * selects and which date its from_date/to_date window applies to.
 */
export const ORDER_STATUSES = ['new', 'at_wms', 'shipped', 'partial', 'confirmed', 'error', 'canceled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The dates an order records as it moves through the lifecycle. */
export type OrderDateField = 'created' | 'deliveredToWms' | 'shipped' | 'confirmed' | 'error' | 'canceled';

export interface StatusFilter {
  statuses: readonly OrderStatus[];
  dateField: OrderDateField;
}

/**
 * `any` is not described by the reference: we filter it on the creation date (the same as
 * `new`), which is what a "give me every order since X" export expects.
 */
export const STATUS_FILTERS: Readonly<Record<string, StatusFilter>> = {
  new: { statuses: ['new'], dateField: 'created' },
  at_wms: { statuses: ['at_wms'], dateField: 'deliveredToWms' },
  shipped: { statuses: ['shipped'], dateField: 'shipped' },
  partial: { statuses: ['partial'], dateField: 'shipped' },
  confirmed: { statuses: ['confirmed'], dateField: 'confirmed' },
  error: { statuses: ['error'], dateField: 'error' },
  canceled: { statuses: ['canceled'], dateField: 'canceled' },
  new_or_at_wms: { statuses: ['new', 'at_wms'], dateField: 'created' },
  shipped_or_confirmed: { statuses: ['shipped', 'partial', 'confirmed'], dateField: 'shipped' },
  any: { statuses: ORDER_STATUSES, dateField: 'created' },
};

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}
