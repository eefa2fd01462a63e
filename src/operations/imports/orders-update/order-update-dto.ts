import { IsOptional, ValidateIf, ValidateNested } from '../record-checks/class-validator-parts';
import { ORDER_FIELDS, SHIPMENT_FIELDS } from '../record-checks/order-fields';
import { whitelistFields } from '../record-checks/record-check';
import { IsNonBlankString, IsNonBlankStringOrList, IsNonEmptyArray, NotTogetherWith, Required } from '../record-checks/record-constraints';

/** One shipment of an `orders.update` record: a tracking number, and what else CartRover shows of shipments. */
export class ShipmentDto {
  @IsNonBlankString()
  tracking_no!: unknown;
}
whitelistFields(ShipmentDto, SHIPMENT_FIELDS);

/**
 * An `orders.update` record:
 *   { cust_ref, order_status?, tracking_no?: string | string[], shipments?: [{ tracking_no, carrier?, ... }] }
 * Tracking comes either as `tracking_no` (one or several numbers: one shipment each) or as full
 * `shipments` objects, not both. Other order fields may ride along (an exported order) and are not sent.
 */
export class OrderUpdateRecordDto {
  @Required()
  cust_ref!: unknown;

  /** Absent: the step's `orderStatus`. */
  @IsOptional()
  @IsNonBlankString()
  order_status?: unknown;

  @ValidateIf((record: OrderUpdateRecordDto) => record.tracking_no !== undefined)
  @NotTogetherWith('shipments')
  @IsNonBlankStringOrList()
  tracking_no?: unknown;

  @ValidateIf((record: OrderUpdateRecordDto) => record.shipments !== undefined)
  @IsNonEmptyArray()
  @ValidateNested({ each: true })
  shipments?: unknown;

  /** Builds the DTO (its shipments as {@link ShipmentDto}s, which class-validator needs to check them). */
  static from(fields: Readonly<Record<string, unknown>>): OrderUpdateRecordDto {
    const shipments = Array.isArray(fields.shipments)
      ? fields.shipments.map((shipment: unknown) =>
          typeof shipment === 'object' && shipment !== null && !Array.isArray(shipment) ? Object.assign(new ShipmentDto(), shipment) : shipment,
        )
      : fields.shipments;
    return Object.assign(new OrderUpdateRecordDto(), fields, fields.shipments === undefined ? {} : { shipments });
  }
}
whitelistFields(OrderUpdateRecordDto, ORDER_FIELDS, { shipments: ShipmentDto });
