import type { FormContext, RenderedField, RenderedForm } from '../../src/contracts';
import { CARTROVER_FORM_DEFINITION } from '../../src/app/cartrover-form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import { storedConnection } from './connection-fixtures';
import { BorrowFormExtension } from '../../adapters/borrowed-concurrency/borrow-form-extension';

const lender = storedConnection('lender', { name: 'Main account', concurrencyLevel: 8 });
const edited = storedConnection('edited', { name: 'Edited', apiUser: 'demo-merchant' });
const engine = new FormEngine(CARTROVER_FORM_DEFINITION, [new BorrowFormExtension()]);

function field(form: RenderedForm, id: string): RenderedField {
  const found = form.fields.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no field ${id}`);
  return found;
}

type Mode = 'create' | 'update';
const cases: [borrow: boolean, level: boolean, mode: Mode][] = [];
for (const borrow of [false, true]) for (const level of [false, true]) for (const mode of ['create', 'update'] as const) cases.push([borrow, level, mode]);

describe('the rule table: borrow × level × create/update', () => {
  it.each(cases)('borrow %s, level set %s, %s', (borrow, level, mode) => {
    const context: FormContext =
      mode === 'create' ? { connections: [lender, edited] } : { connectionId: 'edited', connections: [lender, edited] };
    const values = {
      name: 'Edited',
      apiUser: 'demo-merchant',
      // On update the key is omitted: the stored one applies (the form knows from its context).
      ...(mode === 'create' ? { apiKey: 'demo-merchant-key' } : {}),
      borrowConcurrencyFrom: borrow ? 'lender' : '',
      concurrencyLevel: level ? '7' : '',
    };
    const form = engine.render(values, mode === 'create' ? { connections: [lender] } : context);

    expect(form.fields.map((f) => f.id)).toEqual(['name', 'apiUser', 'apiKey', 'borrowConcurrencyFrom', 'concurrencyPool', 'concurrencyLevel']);
    expect(form.fields.map((f) => f.group)).toEqual(['General', 'Application details', 'Application details', 'Advanced settings', 'Advanced settings', 'Advanced settings']);
    const visible = Object.fromEntries(form.fields.map((f) => [f.id, f.visible]));
    const required = Object.fromEntries(form.fields.map((f) => [f.id, f.required]));
    expect(visible).toEqual({ name: true, apiUser: true, apiKey: true, borrowConcurrencyFrom: true, concurrencyPool: borrow, concurrencyLevel: !borrow });
    expect(required).toEqual({ name: true, apiUser: true, apiKey: mode === 'create', borrowConcurrencyFrom: false, concurrencyPool: false, concurrencyLevel: false });
    expect(form.fields.every((f) => !f.disabled)).toBe(true);
    expect(form.errors).toEqual({});
    expect(form.valid).toBe(true);
    expect(field(form, 'apiKey').value).toBe(mode === 'create' ? '' : '******');
    expect(field(form, 'concurrencyPool').value).toBe(borrow ? 'Shares concurrency with Main account: level 8' : '');

    const validation = engine.validate(values, mode === 'create' ? { connections: [lender] } : context);
    expect(validation.ok).toBe(true);
    if (!validation.ok) return;
    const expected: Record<string, unknown> = {
      name: 'Edited',
      apiUser: 'demo-merchant',
      ...(mode === 'create' ? { apiKey: 'demo-merchant-key' } : {}),
      borrowConcurrencyFrom: borrow ? 'lender' : null,
    };
    // Hidden ⇒ not required ⇒ not stored: a borrower's own level is dropped.
    if (!borrow) expected.concurrencyLevel = level ? 7 : null;
    expect(validation.values).toEqual(expected);
  });

  it('hides concurrencyLevel even when its value is invalid, and reports no error for it', () => {
    const form = engine.render({ name: 'x', apiUser: 'u', apiKey: 'k', borrowConcurrencyFrom: 'lender', concurrencyLevel: '99' }, { connections: [lender] });
    expect(field(form, 'concurrencyLevel').visible).toBe(false);
    expect(form.errors).toEqual({});
  });

  it('reports an invalid level when it is visible', () => {
    for (const level of ['99', '0', '2.5', 'abc', 26, -1]) {
      const form = engine.render({ name: 'x', apiUser: 'u', apiKey: 'k', concurrencyLevel: level }, { connections: [] });
      expect(form.errors).toEqual({ concurrencyLevel: 'Concurrency level must be a whole number from 1 to 25' });
    }
  });

  it('offers 1..25 with a blank "Default (5)" option, and None for the lender', () => {
    const form = new FormEngine(CARTROVER_FORM_DEFINITION).render({}, { connections: [lender] });
    expect(field(form, 'concurrencyLevel').options).toEqual([
      { value: '', label: 'Default (5)' },
      ...Array.from({ length: 25 }, (_, index) => ({ value: String(index + 1), label: String(index + 1) })),
    ]);
    // Without the borrowed-concurrency extension there is nothing to borrow from.
    expect(field(form, 'borrowConcurrencyFrom').options).toEqual([{ value: '', label: "None (use this connection's own level)" }]);
  });
});
