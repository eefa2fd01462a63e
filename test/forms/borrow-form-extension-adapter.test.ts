import { BorrowFormExtension } from '../../adapters/borrowed-concurrency/borrow-form-extension';
import type { RenderedForm } from '../../src/contracts';
import { CARTROVER_FORM_DEFINITION } from '../../src/forms/cartrover-form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import { storedConnection } from './connection-fixtures';

/** The engine with the real borrowed-concurrency adapter's extension (written by another engineer). */
const engine = new FormEngine(CARTROVER_FORM_DEFINITION, [new BorrowFormExtension()]);
const connections = [
  storedConnection('a', { name: 'A', apiUser: 'demo-merchant', borrowConcurrencyFrom: 'b' }),
  storedConnection('b', { name: 'B', borrowConcurrencyFrom: 'c' }),
  storedConnection('c', { name: 'C', concurrencyLevel: 3 }),
  storedConnection('d', { name: 'D', offline: true }),
  { ...storedConnection('e', { name: 'E' }), appId: 'shopify' },
];
const base = { name: 'A', apiUser: 'demo-merchant', apiKey: '******' };

function field(form: RenderedForm, id: string) {
  return form.fields.find((candidate) => candidate.id === id)!;
}

describe('the form with the borrowed-concurrency adapter', () => {
  it('offers candidates without self, other apps or cycles; offline ones labelled', () => {
    const labels = (form: RenderedForm) => (field(form, 'borrowConcurrencyFrom').options ?? []).map((option) => option.label).slice(1);
    expect(labels(engine.render({ name: 'New' }, { connections }))).toEqual(['A', 'B', 'C', 'D (offline)']);
    expect(labels(engine.render({ ...base, name: 'C', apiUser: 'user-c' }, { connectionId: 'c', connections }))).toEqual(['D (offline)']);
  });

  it('hides the level and shows the root lender in the note', () => {
    const form = engine.render({ ...base, borrowConcurrencyFrom: 'b', concurrencyLevel: '9' }, { connectionId: 'a', connections });
    expect(field(form, 'concurrencyLevel').visible).toBe(false);
    expect(field(form, 'concurrencyPool')).toMatchObject({ visible: true, value: 'Shares concurrency with C: level 3' });
    expect(engine.validate({ ...base, borrowConcurrencyFrom: 'b', concurrencyLevel: '9' }, { connectionId: 'a', connections })).toEqual({
      ok: true,
      values: { name: 'A', apiUser: 'demo-merchant', apiKey: '******', borrowConcurrencyFrom: 'b' },
    });
  });

  it('rejects a cycle, naming it', () => {
    const result = engine.validate({ ...base, name: 'C', apiUser: 'user-c', borrowConcurrencyFrom: 'a' }, { connectionId: 'c', connections });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.borrowConcurrencyFrom).toMatch(/cycle: .*C.*A.*B.*C/);
  });
});
