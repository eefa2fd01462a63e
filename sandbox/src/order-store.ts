/**
 * The sandbox's orders, keyed by cust_ref (unique across the single simulated merchant), with
 * the lifecycle of reference §6: new -> at_wms -> shipped/partial -> confirmed, plus error and
 * canceled.
 */
import { ApiError } from './api-answer';
import { STATUS_FILTERS, isOrderStatus } from './order-status';
import type { OrderStatus, StatusFilter } from './order-status';
import { defaultShipment } from './shipments';
import type { NewOrder, StoredOrder } from './stored-order';
import { toWholeSecond } from './timestamps';

export interface DateWindow {
  from?: number;
  to?: number;
}

export class OrderStore {
  private readonly byCustRef = new Map<string, StoredOrder>();
  private nextRecordNo = 1000;

  /** A duplicate cust_ref is a `Failure` "OrderDuplicate", as the batch endpoint reports it (reference §5.2). */
  create(order: NewOrder, orderSource: string, now: number): StoredOrder {
    if (this.byCustRef.has(order.custRef)) throw new ApiError('Failure', 'OrderDuplicate');
    const created = toWholeSecond(now);
    const stored: StoredOrder = {
      ...order,
      recordNo: this.nextRecordNo++,
      orderSource,
      status: 'new',
      dates: { created },
      updatedAt: created,
      createdAtMs: now,
      shipments: [],
      errorReason: null,
    };
    this.byCustRef.set(stored.custRef, stored);
    return stored;
  }

  find(custRef: string): StoredOrder | undefined {
    return this.byCustRef.get(custRef);
  }

  /** The order, or the not-found error (whose HTTP status follows notFoundStyle). */
  get(custRef: string): StoredOrder {
    const order = this.byCustRef.get(custRef);
    if (!order) throw new ApiError('Invalid', `Order not found: ${custRef}`, true);
    return order;
  }

  /**
   * Orders a `list/{status}` filter selects, sorted by the date the window applies to, then by
   * record number, so paging is stable while nothing changes. Both window ends are inclusive.
   */
  list(filterName: string, window: DateWindow, orderSource?: string): StoredOrder[] {
    const filter: StatusFilter | undefined = STATUS_FILTERS[filterName];
    if (!filter) {
      throw new ApiError('Invalid', `Invalid status: ${filterName}. Use one of ${Object.keys(STATUS_FILTERS).join(', ')}`);
    }
    const dateOf = (order: StoredOrder): number => order.dates[filter.dateField] ?? order.dates.created;
    return [...this.byCustRef.values()]
      .filter((order) => filter.statuses.includes(order.status))
      .filter((order) => orderSource === undefined || order.orderSource === orderSource)
      .filter((order) => (window.from === undefined || dateOf(order) >= window.from) && (window.to === undefined || dateOf(order) <= window.to))
      .sort((a, b) => dateOf(a) - dateOf(b) || a.recordNo - b.recordNo);
  }

  /**
   * Moves an order to `status` as the warehouse would (a test hook): records the date that status
   * is filtered on (and earlier steps that were skipped), bumps updated_date_time, and gives
   * shipped orders a shipment when none is given.
   */
  setStatus(custRef: string, status: OrderStatus, now: number, shipments?: unknown[]): StoredOrder {
    if (!isOrderStatus(status)) throw new Error(`CartRover sandbox: unknown order status ${String(status)}`);
    const order = this.byCustRef.get(custRef);
    if (!order) throw new Error(`CartRover sandbox: no order with cust_ref ${custRef}`);
    const at = toWholeSecond(now);
    const dates = order.dates;
    if (status === 'at_wms') dates.deliveredToWms = at;
    if (status === 'shipped' || status === 'partial' || status === 'confirmed') {
      dates.deliveredToWms ??= at;
      dates.shipped = status === 'confirmed' ? (dates.shipped ?? at) : at;
    }
    if (status === 'confirmed') dates.confirmed = at;
    if (status === 'error') {
      dates.error = at;
      order.errorReason = 'Simulated error';
    }
    if (status === 'canceled') dates.canceled = at;
    if (shipments !== undefined) {
      if (!Array.isArray(shipments) || shipments.some((s) => typeof s !== 'object' || s === null)) {
        throw new Error('CartRover sandbox: shipments must be an array of objects');
      }
      order.shipments = shipments.map((s) => ({ ...(s as Record<string, unknown>) }));
    } else if (order.shipments.length === 0 && (status === 'shipped' || status === 'partial' || status === 'confirmed')) {
      order.shipments = [defaultShipment(order, dates.shipped as number, status === 'partial')];
    }
    order.status = status;
    order.updatedAt = at;
    return order;
  }

  /**
   * Cart update (reference §5.6): `order_status` may only be `confirmed` (from shipped, partial or
   * confirmed); `shipments` entries are merged, by position, into the order's shipments (tracking
   * posted back to the cart).
   */
  update(custRef: string, orderStatus: unknown, shipments: unknown, now: number): void {
    const order = this.get(custRef);
    if (orderStatus === undefined && shipments === undefined) {
      throw new ApiError('Invalid', 'Nothing to update: send order_status and/or shipments');
    }
    if (orderStatus !== undefined && orderStatus !== 'confirmed') {
      throw new ApiError('Invalid', `Invalid order_status: ${JSON.stringify(orderStatus)} (only "confirmed" can be set)`);
    }
    if (shipments !== undefined && (!Array.isArray(shipments) || shipments.some((s) => typeof s !== 'object' || s === null))) {
      throw new ApiError('Invalid', 'Invalid shipments: an array of objects is expected');
    }
    if (orderStatus === 'confirmed' && !['shipped', 'partial', 'confirmed'].includes(order.status)) {
      throw new ApiError('Failure', `Order ${custRef} cannot be confirmed: its status is ${order.status}, not shipped`);
    }
    const at = toWholeSecond(now);
    ((shipments as Record<string, unknown>[] | undefined) ?? []).forEach((given, index) => {
      order.shipments[index] = { ...(order.shipments[index] ?? defaultShipment(order, at, false)), ...given };
    });
    if (orderStatus === 'confirmed' && order.status !== 'confirmed') {
      order.status = 'confirmed';
      order.dates.confirmed = at;
    }
    order.updatedAt = at;
  }

  /**
   * Cancel (reference §5.7): only `new` or `at_wms` orders, and only within `windowMs` of their
   * creation ("only available for a few minutes"). Cancelling a canceled order succeeds again,
   * so a client may retry a cancel safely.
   */
  cancel(custRef: string, now: number, windowMs: number): void {
    const order = this.get(custRef);
    if (order.status === 'canceled') return;
    if (order.status !== 'new' && order.status !== 'at_wms') {
      throw new ApiError('Failure', `Order ${custRef} cannot be canceled: its status is ${order.status}`);
    }
    if (now - order.createdAtMs > windowMs) {
      throw new ApiError('Failure', `Order ${custRef} cannot be canceled: the cancel window of ${Math.round(windowMs / 1000)} s after creation has passed`);
    }
    order.status = 'canceled';
    order.dates.canceled = toWholeSecond(now);
    order.updatedAt = order.dates.canceled;
  }

  all(): StoredOrder[] {
    return [...this.byCustRef.values()].sort((a, b) => a.recordNo - b.recordNo);
  }

  clear(): void {
    this.byCustRef.clear();
  }

  /** Seeding inserts fully formed orders (with past dates and statuses). */
  insert(order: Omit<StoredOrder, 'recordNo'>): StoredOrder {
    const stored = { ...order, recordNo: this.nextRecordNo++ };
    this.byCustRef.set(stored.custRef, stored);
    return stored;
  }
}
