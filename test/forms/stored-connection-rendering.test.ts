import { SECRET_MASK } from '../../src/contracts';
import { CARTROVER_FORM_DEFINITION } from '../../src/app/cartrover-form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import { storedConnection } from './connection-fixtures';
import { BorrowFormExtension } from '../../adapters/borrowed-concurrency/borrow-form-extension';

const KEY = 'sk-live-1f2e3d4c5b6a';
const engine = new FormEngine(CARTROVER_FORM_DEFINITION, [new BorrowFormExtension()]);
const stored = storedConnection('c1', { name: 'Warehouse', apiUser: 'demo-merchant', concurrencyLevel: 9 });
const context = { connectionId: 'c1', connections: [stored] };

describe('rendering a stored connection', () => {
  it('shows its values as strings and the key as the mask, never the key', () => {
    const form = engine.render({ ...stored.values }, context);
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
    // The mask is shown only: JSON Forms' data omits the kept key (posting it back keeps the stored one) and its hint says so.
    expect(form.jsonForms.data).not.toHaveProperty('apiKey');
    expect(form.jsonForms.schema.properties.apiKey?.description).toMatch(/One is stored: leave this blank to keep it\.$/);
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

  it('leaves a blank or omitted key out of the values while the API user stays (the host keeps the stored one)', () => {
    for (const apiKey of [undefined, '', '  ', null]) {
      const result = engine.validate({ name: 'Warehouse', apiUser: 'demo-merchant', apiKey }, context);
      expect(result).toEqual({
        ok: true,
        values: { name: 'Warehouse', apiUser: 'demo-merchant', borrowConcurrencyFrom: null, concurrencyLevel: null },
      });
    }
  });

  it('reads no mask back: the shown mask sent in is a typed key like any other (hosts send an omitted key)', () => {
    expect(engine.validate({ name: 'Warehouse', apiUser: 'demo-merchant', apiKey: SECRET_MASK }, context)).toMatchObject({ ok: true, values: { apiKey: SECRET_MASK } });
  });

  it('requires a new key when the API user changes', () => {
    const form = engine.render({ name: 'Warehouse', apiUser: 'other-user' }, context);
    expect(form.errors).toEqual({ apiKey: 'Enter the API key for the new API user' });
    expect(form.fields.find((field) => field.id === 'apiKey')).toMatchObject({ required: true, value: '' });
    expect(engine.validate({ name: 'Warehouse', apiUser: 'other-user', apiKey: 'new-key' }, context)).toMatchObject({ ok: true });
    // Only trimming differs: the same user.
    expect(engine.validate({ name: 'Warehouse', apiUser: ' demo-merchant ', apiKey: '' }, context)).toMatchObject({ ok: true });
  });

  it('requires a key when the stored connection has none', () => {
    const withoutKey = { ...stored, storedSecrets: [] };
    const result = engine.validate({ name: 'Warehouse', apiUser: 'demo-merchant' }, { connectionId: 'c1', connections: [withoutKey] });
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
