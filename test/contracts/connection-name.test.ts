import { connectionNameKey, type ConnectionSummary } from '../../src/contracts';
import { nameClashes } from '../../src/forms/name-uniqueness';
import { nameKeyOf } from '../../host/src/store/name-key';

function stored(id: string, name: string): ConnectionSummary {
  return { id, appId: 'cartrover', name, values: { name }, storedSecrets: [], borrowConcurrencyFrom: null, offline: false };
}

/** "Same name" has one owner: the form's message and the host's unique index must agree on every pair. */
describe('connectionNameKey: one rule for the form and the host store', () => {
  const pairs: Array<[string, string, boolean]> = [
    ['Main store', 'main STORE', true],
    ['  Main store ', 'Main store', true],
    ['Ｍａｉｎ', 'main', true], // full-width letters (NFKC)
    ['ﬁle sync', 'FILE SYNC', true], // the "fi" ligature (NFKC)
    ['Straße', 'STRASSE', true], // case folding, not only lower-casing
    ['ΟΔΟΣ', 'οδος', true], // final sigma
    ['Café', 'Cafe\u0301', true], // composed and decomposed é
    ['Main store', 'Main stores', false],
    ['Cafe', 'Café', false],
  ];

  it.each(pairs)('%j vs %j: same = %s, in the form and in the store', (a, b, same) => {
    expect(connectionNameKey(a) === connectionNameKey(b)).toBe(same);
    expect(nameKeyOf(a) === nameKeyOf(b)).toBe(same);
    expect(nameClashes(a, { connections: [stored('other', b)] })).toBe(same);
  });

  it('lets the connection being edited keep its own name', () => {
    expect(nameClashes('MAIN', { connectionId: 'self', connections: [stored('self', 'main')] })).toBe(false);
  });
});
