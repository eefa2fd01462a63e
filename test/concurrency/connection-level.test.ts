import { connectionSummary } from '../../src/contracts';
import { connectionLevelOf } from '../../src/concurrency/connection-level';

const parts = { id: 'c1', appId: 'cartrover', name: 'Shop', storedSecrets: ['apiKey'], offline: false };

describe('connectionLevelOf: the pools read a connection level from its values by one rule', () => {
  it('is the level the connection declares', () => {
    expect(connectionLevelOf(connectionSummary({ ...parts, values: { concurrencyLevel: 7 } }))).toBe(7);
  });

  it('is null (the schema default applies) for a level that is no finite number, and for a borrower', () => {
    for (const level of [null, undefined, '7', Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(connectionLevelOf(connectionSummary({ ...parts, values: { borrowConcurrencyFrom: '', concurrencyLevel: level } }))).toBeNull();
    }
    expect(connectionLevelOf(connectionSummary({ ...parts, values: { borrowConcurrencyFrom: 'lender', concurrencyLevel: 9 } }))).toBeNull();
  });
});
