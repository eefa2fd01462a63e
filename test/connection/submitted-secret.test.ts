import { SECRET_MASK } from '../../src/contracts';
import { isBlankOrMask, resolveSubmittedSecret } from '../../src/connection/submitted-secret';

describe('resolveSubmittedSecret (the connection form\'s update rules)', () => {
  it.each([
    // submitted, stored, ownerChanged, expected
    ['new-key', false, false, { action: 'replace', value: 'new-key' }],
    ['  new-key\n', true, false, { action: 'replace', value: 'new-key' }],
    ['new-key', true, true, { action: 'replace', value: 'new-key' }],
    [undefined, false, false, { action: 'missing', reason: 'required' }],
    ['', false, false, { action: 'missing', reason: 'required' }],
    [SECRET_MASK, false, false, { action: 'missing', reason: 'required' }],
    [undefined, true, false, { action: 'keep' }],
    [null, true, false, { action: 'keep' }],
    ['', true, false, { action: 'keep' }],
    [` ${SECRET_MASK} `, true, false, { action: 'keep' }],
    [SECRET_MASK, true, true, { action: 'missing', reason: 'owner_changed' }],
    [undefined, true, true, { action: 'missing', reason: 'owner_changed' }],
  ] as const)('%j (stored %s, user changed %s)', (submitted, stored, ownerChanged, expected) => {
    expect(resolveSubmittedSecret({ submitted, stored, ownerChanged })).toEqual(expected);
  });

  it('treats only omitted, null, blank and the mask as "no new secret"', () => {
    expect([undefined, null, '', '   ', SECRET_MASK].every(isBlankOrMask)).toBe(true);
    expect(['*****', '*******', 'x', 0].some(isBlankOrMask)).toBe(false);
  });
});
