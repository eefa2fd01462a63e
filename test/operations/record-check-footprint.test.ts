import type * as OrderValidation from '../../src/operations/imports/orders-create/order-validation';

/**
 * The import records load class-validator's own modules, not its index: the index also loads
 * validator.js and libphonenumber-js (~3.4 MB of heap kept for the process's life, which the
 * orders.create memory benchmark pays for as a higher peak), none of which the records use.
 */
describe('import record checks footprint', () => {
  it('checks an order without loading validator.js', () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      // validator.js's isLength backs class-validator's Length/MinLength/MaxLength: the index loads it.
      jest.doMock('validator/lib/isLength', () => {
        loaded.push('validator/lib/isLength');
        return { default: () => true };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded inside the isolated registry
      const { validateOrderRecord } = require('../../src/operations/imports/orders-create/order-validation') as typeof OrderValidation;
      const missingCity = validateOrderRecord(
        { cust_ref: 'F-1', ship_first_name: 'Ada', ship_address_1: '1 Way', ship_zip: '93105', ship_country: 'FR', items: [{ item: 'A', quantity: 1 }] },
        { checkCharges: true, chargeTolerance: 0.01 },
      );
      expect(missingCity).toEqual({ valid: false, custRef: 'F-1', message: 'Missing required field(s): ship_city' });
    });
    expect(loaded).toEqual([]);
  });

  it('the check would notice the index being loaded', () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      jest.doMock('validator/lib/isLength', () => {
        loaded.push('validator/lib/isLength');
        return { default: () => true };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the index, as a contrast
      require('class-validator');
    });
    expect(loaded).toEqual(['validator/lib/isLength']);
  });
});
