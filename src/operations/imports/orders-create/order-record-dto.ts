import { ValidateIf, ValidateNested } from '../record-checks/class-validator-parts';
import { ORDER_FIELDS, ORDER_LINE_FIELDS } from '../record-checks/order-fields';
import { whitelistFields } from '../record-checks/record-check';
import { hasText, IsDecimalOrBlank, IsPositiveDecimal, Required, RequiredNonEmptyArray } from '../record-checks/record-constraints';

/** Countries whose addresses need a state/province (the reference's U1 requires ship_state always; most of the world has none). */
const COUNTRIES_WITH_STATES = new Set(['US', 'USA', 'UNITED STATES', 'CA', 'CAN', 'CANADA']);

/** One line of an `orders.create` record. */
export class OrderLineDto {
  @Required()
  item!: unknown;

  @IsPositiveDecimal()
  quantity!: unknown;

  @IsDecimalOrBlank() price?: unknown;
  @IsDecimalOrBlank() discount?: unknown;
  @IsDecimalOrBlank() addl_discount?: unknown;
  @IsDecimalOrBlank() extended_amount?: unknown;
  @IsDecimalOrBlank() tax?: unknown;
  @IsDecimalOrBlank() shipping_surcharge?: unknown;
}
whitelistFields(OrderLineDto, ORDER_LINE_FIELDS);

/**
 * An `orders.create` record: what no warehouse can ship without (the reference's U1 client's
 * required fields, §5.1) and numbers where CartRover's charges are numbers. The server's own rules
 * are unknown, so this is the floor, checked before any request.
 */
export class OrderRecordDto {
  @Required()
  cust_ref!: unknown;

  /** A ship-to name: a first name, a last name or a company (checked here when the other two are blank). */
  @ValidateIf((order: OrderRecordDto) => !hasText(order.ship_last_name) && !hasText(order.ship_company))
  @Required()
  ship_first_name?: unknown;

  ship_last_name?: unknown;
  ship_company?: unknown;

  @Required() ship_address_1!: unknown;
  @Required() ship_city!: unknown;
  @Required() ship_zip!: unknown;
  @Required() ship_country!: unknown;

  @ValidateIf((order: OrderRecordDto) => hasText(order.ship_country) && COUNTRIES_WITH_STATES.has(String(order.ship_country).trim().toUpperCase()))
  @Required()
  ship_state?: unknown;

  @RequiredNonEmptyArray()
  @ValidateNested({ each: true })
  items!: unknown;

  @IsDecimalOrBlank() sub_total?: unknown;
  @IsDecimalOrBlank() order_discount?: unknown;
  @IsDecimalOrBlank() sales_tax?: unknown;
  @IsDecimalOrBlank() shipping_handling?: unknown;
  @IsDecimalOrBlank() grand_total?: unknown;

  /** Builds the DTO (its lines as {@link OrderLineDto}s, which class-validator needs to check them). */
  static from(fields: Readonly<Record<string, unknown>>): OrderRecordDto {
    const items = Array.isArray(fields.items)
      ? fields.items.map((line: unknown) => (typeof line === 'object' && line !== null && !Array.isArray(line) ? Object.assign(new OrderLineDto(), line) : line))
      : fields.items;
    return Object.assign(new OrderRecordDto(), fields, { items });
  }
}
whitelistFields(OrderRecordDto, ORDER_FIELDS, { items: OrderLineDto });

/** How the missing-fields message names fields whose path alone says too little. */
export const ORDER_RECORD_LABELS: Readonly<Record<string, string>> = {
  ship_first_name: 'ship_first_name/ship_last_name/ship_company (a ship-to name)',
  items: 'items (at least one line)',
};
