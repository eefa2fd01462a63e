import { CARTROVER_FORM_DEFINITION } from '../../src/app/cartrover-form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import { storedConnection } from './connection-fixtures';

const engine = new FormEngine(CARTROVER_FORM_DEFINITION);
const valid = { name: 'Main', apiUser: 'demo-merchant', apiKey: 'demo-merchant-key' };

describe('validation and normalisation', () => {
  it('says what is missing on an empty create form, by field id', () => {
    expect(engine.validate({}, { connections: [] })).toEqual({
      ok: false,
      errors: {
        name: 'Enter a name for this connection',
        apiUser: 'Enter the API user from CartRover',
        apiKey: 'Enter the API key from CartRover',
      },
    });
  });

  it('trims, turns "7" into 7 and blanks into null', () => {
    expect(engine.validate({ name: '  Main ', apiUser: ' demo-merchant ', apiKey: ' k ', borrowConcurrencyFrom: '', concurrencyLevel: ' 7 ' }, { connections: [] })).toEqual({
      ok: true,
      values: { name: 'Main', apiUser: 'demo-merchant', apiKey: 'k', borrowConcurrencyFrom: null, concurrencyLevel: 7 },
    });
    expect(engine.validate({ ...valid, concurrencyLevel: 25 }, { connections: [] })).toMatchObject({ ok: true, values: { concurrencyLevel: 25 } });
    expect(engine.validate({ ...valid, concurrencyLevel: null }, { connections: [] })).toMatchObject({ ok: true, values: { concurrencyLevel: null } });
  });

  it('reads numbers given for text fields as text (ids are strings)', () => {
    expect(engine.validate({ ...valid, name: 42 }, { connections: [] })).toMatchObject({ ok: true, values: { name: '42' } });
  });

  it('ignores values of unknown fields', () => {
    const result = engine.validate({ ...valid, baseUrl: 'http://evil.example', id: 'x' }, { connections: [] });
    expect(result.ok && result.values).toEqual({ ...valid, borrowConcurrencyFrom: null, concurrencyLevel: null });
  });

  it('limits the name to 200 characters after trimming', () => {
    expect(engine.validate({ ...valid, name: `  ${'n'.repeat(200)}  ` }, { connections: [] }).ok).toBe(true);
    expect(engine.validate({ ...valid, name: 'n'.repeat(201) }, { connections: [] })).toEqual({ ok: false, errors: { name: 'Name must be at most 200 characters' } });
    expect(engine.validate({ ...valid, name: '   ' }, { connections: [] })).toEqual({ ok: false, errors: { name: 'Enter a name for this connection' } });
    expect(engine.validate({ ...valid, name: true }, { connections: [] })).toEqual({ ok: false, errors: { name: 'Name must be text' } });
  });

  it('wants a unique name, case-insensitively, among all connections except itself', () => {
    const others = [storedConnection('x', { name: 'Main ' }), { ...storedConnection('y', { name: 'Shop' }), appId: 'shopify' }];
    expect(engine.validate({ ...valid, name: 'MAIN' }, { connections: others })).toEqual({
      ok: false,
      errors: { name: 'Another connection already has this name: choose a different one' },
    });
    expect(engine.validate({ ...valid, name: 'shop' }, { connections: others }).ok).toBe(false);
    expect(engine.validate({ ...valid, name: 'main', apiKey: undefined, apiUser: 'user-x' }, { connectionId: 'x', connections: others }).ok).toBe(true);
  });

  it('keeps the uniqueness check right while the account changes between checks (what it reuses is checked by content)', () => {
    const fresh = new FormEngine(CARTROVER_FORM_DEFINITION);
    const clash = (name: string, connections: ReturnType<typeof storedConnection>[], connectionId?: string) =>
      'name' in fresh.render({ ...valid, name }, connectionId === undefined ? { connections } : { connectionId, connections }).errors;
    const account = [storedConnection('a', { name: 'Alpha' }), storedConnection('b', { name: 'Beta' })];
    expect(clash('alpha', account)).toBe(true);
    expect(clash('alpha', account.map((c) => ({ ...c })))).toBe(true);
    expect(clash('alpha', account, 'a')).toBe(false);
    expect(clash('alpha', [storedConnection('a', { name: 'Gamma' }), storedConnection('b', { name: 'Beta' })])).toBe(false);
    expect(clash('gamma', [storedConnection('a', { name: 'Gamma' }), storedConnection('b', { name: 'Beta' })])).toBe(true);
    expect(clash('gamma', [storedConnection('b', { name: 'Beta' })])).toBe(false);
    expect(clash('ALPHA', account)).toBe(true);
  });

  it("refuses an API user with ':' (HTTP Basic cannot carry it)", () => {
    expect(engine.validate({ ...valid, apiUser: 'a:b' }, { connections: [] })).toEqual({ ok: false, errors: { apiUser: "API user must not contain ':'" } });
  });

  it('renders errors for visible fields only and valid:false', () => {
    const form = engine.render({ name: '', concurrencyLevel: 'x' }, { connections: [] });
    expect(form.valid).toBe(false);
    expect(Object.keys(form.errors).sort()).toEqual(['apiKey', 'apiUser', 'concurrencyLevel', 'name']);
  });
});
