import { validateOrderRecord } from '../../src/operations';
import { readOrderUpdateRecord } from '../../src/operations/imports/orders-update/order-update-record';
import { checkRecord } from '../../src/operations/imports/record-checks/record-check';
import { OrderCancelRecordDto } from '../../src/operations/imports/orders-cancel/order-cancel-dto';
import { ORDER_FIELD_PREFIXES } from '../../src/operations/imports/record-checks/order-fields';
import { validOrder } from './operations-fixture';

const CHECKED = { checkCharges: true, chargeTolerance: 0.01 };

function createMessage(record: unknown): string | undefined {
  const validation = validateOrderRecord(record, CHECKED);
  return validation.valid ? undefined : validation.message;
}

/** The import records as class-validator DTOs: known fields only, nested lines and shipments, per-field messages. */
describe('import record DTOs', () => {
  it('orders.create: refuses an unknown field by name, on the order and on a line', () => {
    expect(createMessage(validOrder('W-1', { ship_ctiy: 'Typo' }))).toBe('ship_ctiy is not a field CartRover knows here');
    const line = { item: 'CIO-1001', quantity: 2, price: '4.40', extended_amount: '8.80', colour: 'red' };
    expect(createMessage(validOrder('W-2', { items: [line], sub_total: 8.8, grand_total: 12.8 }))).toBe('items[0].colour is not a field CartRover knows here');
  });

  it('orders.create: passes through every known field and the field families named by prefix', () => {
    const extras = { cust_po_no: 'PO-1', ship_phone: '555', custom_field_3: 'x', check_number: '12', extra_fields: { a: 'b' } };
    const validation = validateOrderRecord(validOrder('W-3', extras), CHECKED);
    expect(validation.valid && validation.order).toEqual(expect.objectContaining(extras));
  });

  it('orders.create: lists missing fields first, then every other problem with what it got', () => {
    const message = createMessage({ cust_ref: 'W-4', ship_address_1: 'a', ship_city: 'c', ship_zip: 'z', ship_country: 'DE', items: [{ item: 'A', quantity: 0 }, 5], sales_tax: 'x' });
    expect(message).toBe(
      'Missing required field(s): ship_first_name/ship_last_name/ship_company (a ship-to name), items[1] (an object); ' +
        'items[0].quantity must be a number greater than 0 (got 0); sales_tax must be a number (got "x")',
    );
  });

  it('orders.update: refuses unknown fields, empty tracking and bad shipments, each by its path', () => {
    expect(readOrderUpdateRecord({ cust_ref: 'U-1', trackin_no: 'Z' }, 'confirmed')).toEqual({
      valid: false,
      custRef: 'U-1',
      message: 'trackin_no is not a field CartRover knows here',
    });
    expect(readOrderUpdateRecord({ cust_ref: 'U-2', tracking_no: ['1Z', ' '] }, 'confirmed')).toMatchObject({
      message: 'tracking_no must be a non-empty string or an array of them (got ["1Z"," "])',
    });
    expect(readOrderUpdateRecord({ cust_ref: 'U-3', shipments: [{ carrier: 'UPS' }] }, 'confirmed')).toMatchObject({
      message: 'shipments[0].tracking_no must be a non-empty string (got undefined)',
    });
    expect(readOrderUpdateRecord({ cust_ref: 'U-4', shipments: [{ tracking_no: '1Z', carrier: 'UPS', parcel: 1 }] }, 'confirmed')).toMatchObject({
      message: 'shipments[0].parcel is not a field CartRover knows here',
    });
  });

  it('orders.update: reads tracking numbers into shipments and falls back to the step status', () => {
    expect(readOrderUpdateRecord({ cust_ref: ' U-5 ', tracking_no: [' 1Z ', '2Z'] }, 'confirmed')).toEqual({
      valid: true,
      custRef: 'U-5',
      update: { order_status: 'confirmed', shipments: [{ tracking_no: '1Z' }, { tracking_no: '2Z' }] },
    });
    expect(readOrderUpdateRecord({ cust_ref: 'U-6', order_status: 'shipped', ship_city: 'x' }, 'confirmed')).toEqual({
      valid: true,
      custRef: 'U-6',
      update: { order_status: 'shipped' },
    });
  });

  it('orders.cancel: a cust_ref, and known order fields only', () => {
    const check = (record: unknown) => checkRecord(record, OrderCancelRecordDto.from, { allowedPrefixes: ORDER_FIELD_PREFIXES });
    expect(check({ cust_ref: 'C-1', order_status: 'new', custom_2: 'x' }).ok).toBe(true);
    expect(check({ cust_ref: 'C-1', cancel_reason: 'x' })).toEqual({ ok: false, message: 'cancel_reason is not a field CartRover knows here' });
    expect(check({ order_status: 'new' })).toEqual({ ok: false, message: 'Missing required field(s): cust_ref' });
  });
});
