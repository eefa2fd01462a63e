import { connectionSummary } from '../../src/contracts';

const parts = { id: 'c1', appId: 'cartrover', name: 'Shop', storedSecrets: ['apiKey'], offline: false };

describe('connectionSummary: the one builder of what plugins know of a connection', () => {
  it('reads the lender from the values and leaves every other value to the app', () => {
    expect(connectionSummary({ ...parts, values: { name: 'Shop', concurrencyLevel: 7 } })).toEqual({ ...parts, values: { name: 'Shop', concurrencyLevel: 7 }, borrowConcurrencyFrom: null });
    expect(connectionSummary({ ...parts, values: { borrowConcurrencyFrom: 'lender' } })).toMatchObject({ borrowConcurrencyFrom: 'lender' });
  });

  it('takes a blank lender as none', () => {
    for (const lender of ['', null, undefined, 7]) {
      expect(connectionSummary({ ...parts, values: { borrowConcurrencyFrom: lender } }).borrowConcurrencyFrom).toBeNull();
    }
  });
});
