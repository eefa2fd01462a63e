import { isBlankSecret, resolveSubmittedSecret } from '../../src/forms/submitted-secret';

describe('resolveSubmittedSecret (the connection form\'s update rules)', () => {
  it.each([
    // submitted, stored, ownerChanged, expected
    ['new-key', false, false, { action: 'entered', value: 'new-key' }],
    ['  new-key\n', true, false, { action: 'entered', value: 'new-key' }],
    ['new-key', true, true, { action: 'entered', value: 'new-key' }],
    [undefined, false, false, { action: 'missing', reason: 'required' }],
    ['', false, false, { action: 'missing', reason: 'required' }],
    [undefined, true, false, { action: 'omitted' }],
    [null, true, false, { action: 'omitted' }],
    ['  ', true, false, { action: 'omitted' }],
    [undefined, true, true, { action: 'missing', reason: 'owner_changed' }],
    // The mask a host shows is not a value the form knows: sent in, it is a typed secret like any other.
    ['******', true, false, { action: 'entered', value: '******' }],
  ] as const)('%j (stored %s, user changed %s)', (submitted, stored, ownerChanged, expected) => {
    expect(resolveSubmittedSecret({ submitted, stored, ownerChanged })).toEqual(expected);
  });

  it('treats only omitted, null and blank as "no new secret"', () => {
    expect([undefined, null, '', '   '].every(isBlankSecret)).toBe(true);
    expect(['******', 'x', 0].some(isBlankSecret)).toBe(false);
  });
});
