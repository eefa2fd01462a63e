import { SECRET_MASK } from 'cartrover-connector/contracts';
import { planSecrets, withoutKeptSecrets } from '../../host/src/connections/secret-plan';
import { valuesOverStored } from '../../host/src/connections/values-over-stored';
import type { StoredConnection } from '../../host/src/store/stored-records';

const stored: StoredConnection = {
  id: 'c1',
  appId: 'cartrover',
  name: 'Shop',
  values: { name: 'Shop', apiUser: 'u1' },
  secrets: { apiKey: 'v1:ciphertext' },
  offline: false,
  lastTest: null,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('the host\'s one keep-or-replace decision (secret-plan.ts)', () => {
  it('reads an omitted, blank or shown-mask secret as "keep": it never reaches the plugin', () => {
    for (const apiKey of [undefined, null, '', '  ', SECRET_MASK, ` ${SECRET_MASK} `]) {
      expect(withoutKeptSecrets({ name: 'Shop', apiKey }, ['apiKey'])).toEqual({ name: 'Shop' });
    }
    expect(withoutKeptSecrets({ apiKey: 'new-key', other: SECRET_MASK }, ['apiKey'])).toEqual({ apiKey: 'new-key', other: SECRET_MASK });
  });

  it('puts no secret and no mask into the values over a stored connection', () => {
    expect(valuesOverStored(stored, { apiUser: 'u2', apiKey: SECRET_MASK }, ['apiKey'])).toEqual({ name: 'Shop', apiUser: 'u2' });
    expect(valuesOverStored(undefined, { name: 'New', apiKey: SECRET_MASK }, ['apiKey'])).toEqual({ name: 'New' });
  });

  it('keeps the stored ciphertext for a secret the validated values omit, and takes a given one as new', () => {
    expect(planSecrets({ name: 'Shop', apiUser: 'u1' }, stored, ['apiKey'])).toEqual({ publicValues: { name: 'Shop', apiUser: 'u1' }, kept: { apiKey: 'v1:ciphertext' }, entered: {} });
    expect(planSecrets({ name: 'Shop', apiKey: 'new-key' }, stored, ['apiKey'])).toEqual({ publicValues: { name: 'Shop' }, kept: {}, entered: { apiKey: 'new-key' } });
    expect(planSecrets({ name: 'New' }, undefined, ['apiKey'])).toEqual({ publicValues: { name: 'New' }, kept: {}, entered: {} });
  });
});
