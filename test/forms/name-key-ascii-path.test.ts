import fc from 'fast-check';
import { connectionNameKey } from '../../src/contracts';

/** The full name rule (unique, case-insensitive), spelled out: the ASCII shortcut in connectionNameKey must give the same keys. */
const fullRule = (name: string): string => name.normalize('NFKC').trim().toUpperCase().toLowerCase().normalize('NFKC');

describe('connectionNameKey: the ASCII shortcut gives the full rule\'s keys', () => {
  it('for ASCII names (controls and whitespace included) and for any other text', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)), maxLength: 20 });
    fc.assert(fc.property(fc.oneof(ascii, fc.string({ unit: 'binary', maxLength: 12 })), (name) => connectionNameKey(name) === fullRule(name)), {
      numRuns: 2000,
      seed: 12,
    });
    for (const name of ['  Main Store ', '\tORDERS\n', 'Straße', 'ＭＡＩＮ', 'ΣΟΦΟΣ', 'İstanbul']) expect(connectionNameKey(name)).toBe(fullRule(name));
  });
});
