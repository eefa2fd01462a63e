import type { FormContext, RenderedForm } from '../../src/contracts';
import { CARTROVER_FORM_DEFINITION } from '../../src/forms/cartrover-form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import type { FormDraft, FormExtension } from '../../src/forms/form-extension';
import { storedConnection } from './connection-fixtures';
import { FakeBorrowExtension } from './fake-borrow-extension';

const engine = new FormEngine(CARTROVER_FORM_DEFINITION, [new FakeBorrowExtension()]);
const base = { name: 'A', apiUser: 'demo-merchant', apiKey: '******' };

// C is a root lender; B borrows from C; A borrows from B (A → B → C); D is offline; E is another app.
const connections = [
  storedConnection('a', { name: 'A', apiUser: 'demo-merchant', borrowConcurrencyFrom: 'b' }),
  storedConnection('b', { name: 'B', borrowConcurrencyFrom: 'c' }),
  storedConnection('c', { name: 'C', concurrencyLevel: 3 }),
  storedConnection('d', { name: 'D', offline: true }),
  { ...storedConnection('e', { name: 'E' }), appId: 'shopify' },
];

function options(form: RenderedForm): string[] {
  return (form.fields.find((field) => field.id === 'borrowConcurrencyFrom')?.options ?? []).map((option) => option.label);
}

describe('lender candidates, chains and cycles (through the FormExtension seam)', () => {
  it('offers other CartRover connections, labels offline ones, never itself or another app', () => {
    const form = engine.render({ name: 'New' }, { connections });
    expect(options(form)).toEqual(['None', 'A', 'B', 'C', 'D (offline)']);
  });

  it('leaves out candidates that would close a cycle', () => {
    // Editing C: A and B both lead back to C.
    const form = engine.render({ ...base, name: 'C', apiUser: 'user-c' }, { connectionId: 'c', connections });
    expect(options(form)).toEqual(['None', 'D (offline)']);
  });

  it('resolves a chain to the root lender in the note', () => {
    const form = engine.render({ ...base, borrowConcurrencyFrom: 'b' }, { connectionId: 'a', connections });
    expect(form.fields.find((field) => field.id === 'concurrencyPool')).toMatchObject({
      visible: true,
      type: 'note',
      value: 'Shares concurrency with C: level 3',
    });
  });

  it('rejects a cycle with a message that names it', () => {
    const result = engine.validate({ ...base, name: 'C', apiUser: 'user-c', borrowConcurrencyFrom: 'a' }, { connectionId: 'c', connections });
    expect(result).toEqual({ ok: false, errors: { borrowConcurrencyFrom: 'Borrowing from this connection would close a cycle: C → A → B → C' } });
  });

  it('rejects a lender that is not among the candidates', () => {
    const result = engine.validate({ ...base, borrowConcurrencyFrom: 'e' }, { connectionId: 'a', connections });
    expect(result).toEqual({ ok: false, errors: { borrowConcurrencyFrom: 'Choose a connection from the list' } });
    const itself = engine.validate({ ...base, borrowConcurrencyFrom: 'a' }, { connectionId: 'a', connections });
    expect(itself.ok).toBe(false);
  });

  it('rejects any lender when no extension offers candidates', () => {
    const bare = new FormEngine(CARTROVER_FORM_DEFINITION);
    expect(bare.validate({ ...base, borrowConcurrencyFrom: 'c' }, { connectionId: 'a', connections })).toEqual({
      ok: false,
      errors: { borrowConcurrencyFrom: 'Choose a connection from the list' },
    });
  });

  it('runs only the extensions of its app, after the rules and before validation', () => {
    const seen: string[] = [];
    const other: FormExtension = { appId: 'shopify', apply: () => seen.push('shopify') };
    const own: FormExtension = {
      appId: 'cartrover',
      apply(draft: FormDraft, values, context: FormContext) {
        seen.push(`cartrover:${String(values.concurrencyLevel)}:${context.connections.length}`);
        // The rules already ran: the level is hidden when borrowing.
        seen.push(`level visible ${String(draft.fields.find((field) => field.id === 'concurrencyLevel')?.visible)}`);
        expect(values).not.toHaveProperty('apiKey');
        draft.errors.apiUser = 'Rejected by the extension';
      },
    };
    const form = new FormEngine(CARTROVER_FORM_DEFINITION, [other, own]).render({ ...base, name: 'New', apiKey: 'k', concurrencyLevel: '4' }, { connections: [] });
    expect(seen).toEqual(['cartrover:4:0', 'level visible true']);
    expect(form.errors).toEqual({ apiUser: 'Rejected by the extension' });
  });

  it('drops extension errors about hidden fields', () => {
    const hider: FormExtension = {
      appId: 'cartrover',
      apply(draft) {
        const level = draft.fields.find((field) => field.id === 'concurrencyLevel');
        if (level) level.visible = false;
        draft.errors.concurrencyLevel = 'not shown';
      },
    };
    const result = new FormEngine(CARTROVER_FORM_DEFINITION, [hider]).validate({ name: 'N', apiUser: 'u', apiKey: 'k', concurrencyLevel: 3 }, { connections: [] });
    expect(result).toEqual({ ok: true, values: { name: 'N', apiUser: 'u', apiKey: 'k', borrowConcurrencyFrom: null } });
  });
});
