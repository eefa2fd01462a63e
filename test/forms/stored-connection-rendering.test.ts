import { SECRET_MASK } from '../../src/contracts';
import { CARTROVER_FORM_DEFINITION } from '../../src/forms/cartrover-form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import { storedConnection } from './connection-fixtures';
import { BorrowFormExtension } from '../../adapters/borrowed-concurrency/borrow-form-extension';

const KEY = 'sk-live-1f2e3d4c5b6a';
const engine = new FormEngine(CARTROVER_FORM_DEFINITION, [new BorrowFormExtension()]);
const stored = storedConnection('c1', { name: 'Warehouse', apiUser: 'demo-merchant', concurrencyLevel: 9 });
const context = { connectionId: 'c1', connections: [stored] };

describe('rendering a stored connection', () => {
  it('shows its values as strings and the key as the mask, never the key', () => {
    const form = engine.render({ ...stored.values, apiKey: SECRET_MASK }, context);
    expect(Object.fromEntries(form.fields.map((field) => [field.id, field.value]))).toEqual({
      name: 'Warehouse',
      apiUser: 'demo-merchant',
      apiKey: SECRET_MASK,
      borrowConcurrencyFrom: '',
      concurrencyPool: '',
      concurrencyLevel: '9',
    });
    expect(form.fields.find((field) => field.id === 'apiKey')).toMatchObject({ type: 'password', required: false });
    expect(form.valid).toBe(true);
  });

  it('never echoes a typed key in fields or errors, on create or update (only JSON Forms\' data keeps what was handed in)', () => {
    for (const ctx of [context, { connections: [] }]) {
      const form = engine.render({ ...stored.values, apiKey: KEY }, ctx);
      expect(form.jsonForms.data.apiKey).toBe(KEY);
      expect(JSON.stringify({ ...form, jsonForms: { ...form.jsonForms, data: {} } })).not.toContain(KEY);
      const validation = engine.validate({ ...stored.values, apiKey: KEY }, ctx);
      // The normalised values for saving carry it (the host encrypts it): the form never does.
      expect(validation).toMatchObject({ ok: true, values: { apiKey: KEY } });
    }
    expect(engine.render({ apiKey: KEY }, { connections: [] }).fields.find((field) => field.id === 'apiKey')?.value).toBe('');
  });

  it('keeps the stored key for a blank, omitted or masked key while the API user stays', () => {
    for (const apiKey of [undefined, '', '  ', SECRET_MASK, null]) {
      const result = engine.validate({ name: 'Warehouse', apiUser: 'demo-merchant', apiKey }, context);
      expect(result).toEqual({
        ok: true,
        values: { name: 'Warehouse', apiUser: 'demo-merchant', apiKey: SECRET_MASK, borrowConcurrencyFrom: null, concurrencyLevel: null },
      });
    }
  });

  it('requires a new key when the API user changes', () => {
    const form = engine.render({ name: 'Warehouse', apiUser: 'other-user', apiKey: SECRET_MASK }, context);
    expect(form.errors).toEqual({ apiKey: 'Enter the API key for the new API user' });
    expect(form.fields.find((field) => field.id === 'apiKey')).toMatchObject({ required: true, value: '' });
    expect(engine.validate({ name: 'Warehouse', apiUser: 'other-user', apiKey: 'new-key' }, context)).toMatchObject({ ok: true });
    // Only trimming differs: the same user.
    expect(engine.validate({ name: 'Warehouse', apiUser: ' demo-merchant ', apiKey: '' }, context)).toMatchObject({ ok: true });
  });

  it('requires a key when the stored connection has none', () => {
    const withoutKey = { ...stored, storedSecrets: [] };
    const result = engine.validate({ name: 'Warehouse', apiUser: 'demo-merchant', apiKey: SECRET_MASK }, { connectionId: 'c1', connections: [withoutKey] });
    expect(result).toEqual({ ok: false, errors: { apiKey: 'Enter the API key from CartRover' } });
  });

  it('lists ids as strings and every field, hidden ones with visible:false', () => {
    const borrower = storedConnection('c2', { name: 'Borrower', borrowConcurrencyFrom: 'c1' });
    const form = engine.render({ ...borrower.values, concurrencyLevel: 4 }, { connectionId: 'c2', connections: [stored, borrower] });
    expect(form.fields).toHaveLength(6);
    expect(form.fields.every((field) => typeof field.value === 'string')).toBe(true);
    expect(form.fields.find((field) => field.id === 'borrowConcurrencyFrom')?.value).toBe('c1');
    expect(form.fields.find((field) => field.id === 'concurrencyLevel')?.visible).toBe(false);
  });
});
