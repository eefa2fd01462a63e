/**
 * The order header fields the sandbox keeps (a subset of reference §6) and how their values are
 * written: CartRover returns order numbers, money and quantities as strings.
 */
const ADDRESS_PARTS = [
  'company', 'title', 'first_name', 'last_name', 'address_1', 'address_2', 'address_3',
  'city', 'state', 'zip', 'country', 'phone', 'e_mail',
] as const;

export const BILL_TO_FIELDS = ADDRESS_PARTS.map((part) => `cust_${part}`);
export const SHIP_TO_FIELDS = [...ADDRESS_PARTS.map((part) => `ship_${part}`), 'ship_address_type'];

export const TEXT_FIELDS = [
  'po_number', 'customer_id', 'carrier', 'ship_code', 'ship_code_description', 'ship_account_no', 'ship_account_zip',
  'special_services', 'shipping_instructions', 'currency_code', 'pay_type', 'promo_code',
  'custom_field_1', 'custom_field_2', 'custom_field_3', 'custom_field_4', 'custom_field_5',
  'gift_message', 'gift_wrap', 'requested_ship_date', 'latest_ship_date', 'expected_delivery_date', 'weight',
];

export const MONEY_FIELDS = ['sub_total', 'order_discount', 'sales_tax', 'shipping_handling', 'grand_total', 'balance'];

/** Every header field accepted on create and shown on view, in display order. */
export const HEADER_FIELDS = [...TEXT_FIELDS, ...BILL_TO_FIELDS, ...SHIP_TO_FIELDS, ...MONEY_FIELDS];

/** Money is shown with 2 decimals ("0.00"), unit prices with 4 ("8.0000"), as in the fixtures. */
export function money(value: number, decimals = 2): string {
  return value.toFixed(decimals);
}

/** A request value as CartRover would show it back: strings stay, numbers become strings, booleans Y/N. */
export function asApiText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'Y' : 'N';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return JSON.stringify(value);
}
