import type { RenderedForm } from '../../src/contracts';
import { FormEngine } from '../../src/forms/form-engine';
import { CARTROVER_FORM_DEFINITION } from '../../src/forms/cartrover-form-definition';
import { BorrowFormExtension } from '../../adapters/borrowed-concurrency';
import { cartroverConnection as conn } from './support/connections';

/** The extension inside the real form engine: what the page and the REST API get. */
const engine = new FormEngine(CARTROVER_FORM_DEFINITION, [new BorrowFormExtension()]);
const connections = [conn('main', { name: 'Main store', level: 8 }), conn('self', { name: 'Self' })];
const fieldOf = (form: RenderedForm, id: string) => form.fields.find((field) => field.id === id)!;
const values = { name: 'Self', apiUser: 'self-user', apiKey: '******' };

describe('BorrowFormExtension in the form engine', () => {
  it('shows the shared pool and drops the own level when a lender is chosen', () => {
    const context = { connectionId: 'self', connections };
    const form = engine.render({ ...values, borrowConcurrencyFrom: 'main', concurrencyLevel: 3 }, context);
    expect(fieldOf(form, 'concurrencyLevel')).toMatchObject({ visible: false, required: false });
    expect(fieldOf(form, 'concurrencyPool')).toMatchObject({ visible: true, value: 'Shares concurrency with Main store: level 8' });
    expect(fieldOf(form, 'borrowConcurrencyFrom').options).toEqual([
      { value: '', label: "None (use this connection's own level)" },
      { value: 'main', label: 'Main store' },
    ]);
    const validation = engine.validate({ ...values, borrowConcurrencyFrom: 'main', concurrencyLevel: 3 }, context);
    expect(validation.ok).toBe(true);
    if (validation.ok) expect(validation.values).not.toHaveProperty('concurrencyLevel');
  });

  it('refuses a cycle with a message naming it', () => {
    const looped = [conn('main', { name: 'Main store', borrow: 'self' }), conn('self', { name: 'Self' })];
    const validation = engine.validate({ ...values, borrowConcurrencyFrom: 'main' }, { connectionId: 'self', connections: looped });
    expect(validation).toEqual({
      ok: false,
      errors: { borrowConcurrencyFrom: 'Borrowing from Main store would close a cycle: Self → Main store → Self' },
    });
  });
});
