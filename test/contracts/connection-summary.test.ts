import { connectionSummary } from '../../src/contracts';

const parts = { id: 'c1', appId: 'cartrover', name: 'Shop', storedSecrets: ['apiKey'], offline: false };

describe('connectionSummary: the one builder of what plugins know of a connection', () => {
  it('reads the lender and the level from the values', () => {
    expect(connectionSummary({ ...parts, values: { name: 'Shop', concurrencyLevel: 7 } })).toEqual({ ...parts, values: { name: 'Shop', concurrencyLevel: 7 }, borrowConcurrencyFrom: null, concurrencyLevel: 7 });
    expect(connectionSummary({ ...parts, values: { borrowConcurrencyFrom: 'lender' } })).toMatchObject({ borrowConcurrencyFrom: 'lender', concurrencyLevel: null });
  });

  it('takes a blank lender as none, a level that is no finite number as the default (null), and gives a borrower no level of its own', () => {
    for (const level of [null, undefined, '7', Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(connectionSummary({ ...parts, values: { borrowConcurrencyFrom: '', concurrencyLevel: level } })).toMatchObject({ borrowConcurrencyFrom: null, concurrencyLevel: null });
    }
    expect(connectionSummary({ ...parts, values: { borrowConcurrencyFrom: 'lender', concurrencyLevel: 9 } }).concurrencyLevel).toBeNull();
  });
});
