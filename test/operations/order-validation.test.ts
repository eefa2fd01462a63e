import { validateOrderRecord } from '../../src/operations';
import { validOrder } from './operations-fixture';

const CHECKED = { checkCharges: true, chargeTolerance: 0.01 };

function messageOf(record: unknown): string | undefined {
  const validation = validateOrderRecord(record, CHECKED);
  return validation.valid ? undefined : validation.message;
}

describe('order validation before sending', () => {
  it('accepts a complete order with consistent charges, and numbers as strings', () => {
    expect(messageOf(validOrder('OK-1'))).toBeUndefined();
    expect(messageOf(validOrder('OK-2', { sub_total: '12.80', grand_total: '16.80' }))).toBeUndefined();
    const validation = validateOrderRecord(validOrder('  OK-3 '), CHECKED);
    expect(validation.valid && validation.custRef).toBe('OK-3');
  });

  it('names every missing required field', () => {
    const message = messageOf({ items: [] });
    for (const field of ['cust_ref', 'a ship-to name', 'ship_address_1', 'ship_city', 'ship_zip', 'ship_country', 'items']) {
      expect(message).toContain(field);
    }
    expect(messageOf(validOrder('S-1', { ship_state: '' }))).toMatch(/ship_state/); // US needs a state
    expect(messageOf(validOrder('S-2', { ship_state: '', ship_country: 'DE' }))).toBeUndefined();
    expect(messageOf(validOrder('S-3', { ship_first_name: '', ship_last_name: '', ship_company: 'ACME' }))).toBeUndefined();
    expect(messageOf(validOrder('S-4', { items: [{ quantity: 1 }] }))).toMatch(/items\[0\]\.item/);
  });

  it('names a __proto__ or constructor key (JSON keeps them as keys) instead of class-validator\'s "unknown value"', () => {
    const order = JSON.stringify(validOrder('P-1'));
    const cases: Array<[string, string]> = [
      [order.replace('{', '{"__proto__":{"polluted":true},'), '__proto__'],
      [order.replace('{', '{"constructor":"Object",'), 'constructor'],
      [order.replace('"item":', '"__proto__":{"a":1},"item":'), 'items[0].__proto__'],
      [order.replace('"item":', '"constructor":{"prototype":{}},"item":'), 'items[0].constructor'],
    ];
    for (const [text, path] of cases) {
      const message = messageOf(JSON.parse(text));
      expect(message).toBe(`${path} is not a field CartRover knows here; remove it from the record`);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('requires a positive quantity and numeric money fields', () => {
    expect(messageOf(validOrder('Q-1', { items: [{ item: 'A', quantity: -1 }], sub_total: undefined, grand_total: undefined }))).toMatch(
      /items\[0\]\.quantity must be a number greater than 0/,
    );
    expect(messageOf(validOrder('Q-2', { items: [{ item: 'A', quantity: 'two' }] }))).toMatch(/items\[0\]\.quantity/);
    expect(messageOf(validOrder('Q-3', { sales_tax: 'lots' }))).toMatch(/^sales_tax must be a number/);
    expect(messageOf(validOrder('Q-4', { items: [{ item: 'A', quantity: 1, price: '1,5' }] }))).toMatch(/items\[0\]\.price must be a number/);
  });

  it('checks the charge fields CartRover defines, only where present, within a cent', () => {
    const line = (fields: Record<string, unknown>): Record<string, unknown> => ({ item: 'A', quantity: 3, ...fields });
    const bare = { sub_total: undefined, sales_tax: undefined, shipping_handling: undefined, order_discount: undefined, grand_total: undefined };
    expect(messageOf(validOrder('C-1', { ...bare, items: [line({ price: 2, discount: 0.5, extended_amount: 4.5 })] }))).toBeUndefined();
    expect(messageOf(validOrder('C-2', { ...bare, items: [line({ price: 2, discount: 0.5, extended_amount: 6 })] }))).toMatch(
      /items\[0\]\.extended_amount 6 does not equal \(price - discount\) \* quantity = 4\.5/,
    );
    expect(messageOf(validOrder('C-3', { ...bare, items: [line({ price: 2 })], sub_total: 6.01 }))).toBeUndefined(); // a cent off
    expect(messageOf(validOrder('C-4', { ...bare, items: [line({ price: 2 })], sub_total: 6.02 }))).toMatch(/^sub_total/);
    expect(messageOf(validOrder('C-5', { ...bare, items: [line({ tax: 1 }), line({ tax: 2 })], sales_tax: 2 }))).toMatch(/^sales_tax 2 .* 3/);
    expect(messageOf(validOrder('C-6', { ...bare, items: [line({})], grand_total: 5 }))).toBeUndefined(); // no sub_total: nothing to check
    expect(messageOf(validOrder('C-7', { grand_total: 17.8 }))).toMatch(/^grand_total 17\.8 .* 16\.8/);
    // The reference's own example is inconsistent (4.4 * 2 is not 9): it is refused, unless checks are off.
    const example = validOrder('C-8', { ...bare, items: [line({ price: 4.4, quantity: 2, extended_amount: 9 })] });
    expect(messageOf(example)).toMatch(/extended_amount/);
    expect(validateOrderRecord(example, { checkCharges: false, chargeTolerance: 0.01 }).valid).toBe(true);
  });

  it('refuses what is not an order object', () => {
    for (const record of [null, 'text', 7, [validOrder('X')]]) expect(messageOf(record)).toMatch(/not a JSON object/);
  });
});
