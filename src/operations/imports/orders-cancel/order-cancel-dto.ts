import { ORDER_FIELDS } from '../record-checks/order-fields';
import { whitelistFields } from '../record-checks/record-check';
import { Required } from '../record-checks/record-constraints';

/**
 * An `orders.cancel` record: the cust_ref of the order to cancel. Other order fields may ride
 * along (a record of an orders export) and are not sent; an unknown field is refused by name.
 */
export class OrderCancelRecordDto {
  @Required()
  cust_ref!: unknown;

  static from(fields: Readonly<Record<string, unknown>>): OrderCancelRecordDto {
    return Object.assign(new OrderCancelRecordDto(), fields);
  }
}
whitelistFields(OrderCancelRecordDto, ORDER_FIELDS);
