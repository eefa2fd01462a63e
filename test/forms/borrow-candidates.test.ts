import { BorrowFormExtension, NO_SHARED_POOL_TEXT } from '../../adapters/borrowed-concurrency/borrow-form-extension';
import {
  BORROW_CONCURRENCY_FIELD,
  type FormContext,
  type RenderedField,
  type RenderedForm,
} from '../../src/contracts';
import { CARTROVER_FORM_DEFINITION } from '../../src/app/cartrover-form-definition';
import { CONCURRENCY_LEVEL_FIELD, CONCURRENCY_POOL_NOTE_FIELD } from '../../src/concurrency/concurrency-form-fields';
import { FormEngine } from '../../src/forms/form-engine';
import type { FormDraft, FormExtension } from '../../src/forms/form-extension';
import { storedConnection } from './connection-fixtures';

/** The engine with the real borrowed-concurrency adapter's extension (what the host gets). */
const engine = new FormEngine(CARTROVER_FORM_DEFINITION, [new BorrowFormExtension()]);
const base = { name: 'A', apiUser: 'demo-merchant', apiKey: '******' };
const NONE = "None (use this connection's own level)";

// C is a root lender; B borrows from C; A borrows from B (A → B → C); D is offline; E is another app.
const connections = [
  storedConnection('a', { name: 'A', apiUser: 'demo-merchant', borrowConcurrencyFrom: 'b' }),
  storedConnection('b', { name: 'B', borrowConcurrencyFrom: 'c' }),
  storedConnection('c', { name: 'C', concurrencyLevel: 3 }),
  storedConnection('d', { name: 'D', offline: true }),
  { ...storedConnection('e', { name: 'E' }), appId: 'shopify' },
];

function field(form: RenderedForm, id: string): RenderedField {
  const found = form.fields.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no field ${id}`);
  return found;
}

function options(form: RenderedForm): string[] {
  return (field(form, BORROW_CONCURRENCY_FIELD).options ?? []).map((option) => option.label);
}

describe('lender candidates, chains and cycles (the real adapter through the FormExtension seam)', () => {
  it('offers other CartRover connections by name after the layout\'s blank option, labels offline ones, never itself or another app', () => {
    expect(options(engine.render({ name: 'New' }, { connections }))).toEqual([NONE, 'A', 'B', 'C', 'D (offline)']);
    expect(options(engine.render(base, { connectionId: 'a', connections }))).toEqual([NONE, 'B', 'C', 'D (offline)']);
  });

  it('leaves out candidates that would close a cycle', () => {
    // Editing C: A and B both lead back to C.
    const form = engine.render({ ...base, name: 'C', apiUser: 'user-c' }, { connectionId: 'c', connections });
    expect(options(form)).toEqual([NONE, 'D (offline)']);
  });

  it('resolves a chain to the root lender in the note; the rule hides the level', () => {
    const form = engine.render({ ...base, borrowConcurrencyFrom: 'b', concurrencyLevel: '9' }, { connectionId: 'a', connections });
    expect(field(form, CONCURRENCY_POOL_NOTE_FIELD)).toMatchObject({ visible: true, type: 'note', value: 'Shares concurrency with C: level 3' });
    expect(field(form, CONCURRENCY_LEVEL_FIELD)).toMatchObject({ visible: false, required: false, value: '' });
    expect(engine.validate({ ...base, borrowConcurrencyFrom: 'b', concurrencyLevel: '9' }, { connectionId: 'a', connections })).toEqual({
      ok: true,
      values: { name: 'A', apiUser: 'demo-merchant', apiKey: '******', borrowConcurrencyFrom: 'b' },
    });
  });

  it('rejects a cycle with a message that names it, and borrowing from itself', () => {
    const result = engine.validate({ ...base, name: 'C', apiUser: 'user-c', borrowConcurrencyFrom: 'a' }, { connectionId: 'c', connections });
    expect(result).toEqual({ ok: false, errors: { borrowConcurrencyFrom: 'Borrowing from A would close a cycle: C → A → B → C' } });
    expect(engine.validate({ ...base, borrowConcurrencyFrom: 'a' }, { connectionId: 'a', connections })).toEqual({
      ok: false,
      errors: { borrowConcurrencyFrom: 'A connection cannot borrow concurrency from itself: choose another one from the list' },
    });
  });

  it('treats a whitespace lender as blank: own level shown, no note, saved as null', () => {
    const form = engine.render({ ...base, borrowConcurrencyFrom: '   ', concurrencyLevel: '4' }, { connectionId: 'a', connections });
    expect(field(form, BORROW_CONCURRENCY_FIELD).value).toBe('');
    expect(field(form, CONCURRENCY_LEVEL_FIELD)).toMatchObject({ visible: true, value: '4' });
    expect(field(form, CONCURRENCY_POOL_NOTE_FIELD).visible).toBe(false);
    expect(form.valid).toBe(true);
    expect(engine.validate({ ...base, borrowConcurrencyFrom: '   ', concurrencyLevel: '4' }, { connectionId: 'a', connections })).toMatchObject({
      ok: true,
      values: { borrowConcurrencyFrom: null, concurrencyLevel: 4 },
    });
  });

  it('reads a numeric lender id as the string id', () => {
    const numbered = [...connections, storedConnection('7', { name: 'Seven', concurrencyLevel: 12 })];
    const form = engine.render({ ...base, borrowConcurrencyFrom: 7 }, { connectionId: 'a', connections: numbered });
    expect(field(form, BORROW_CONCURRENCY_FIELD).value).toBe('7');
    expect(field(form, CONCURRENCY_POOL_NOTE_FIELD)).toMatchObject({ visible: true, value: 'Shares concurrency with Seven: level 12' });
    expect(form.errors).toEqual({});
    expect(engine.validate({ ...base, borrowConcurrencyFrom: 7 }, { connectionId: 'a', connections: numbered })).toMatchObject({
      ok: true,
      values: { borrowConcurrencyFrom: '7' },
    });
  });

  it('reports an unknown lender (or one of another app) with its own message; the rules still treat it as chosen', () => {
    for (const unknown of ['gone', 'e', 7]) {
      const form = engine.render({ ...base, borrowConcurrencyFrom: unknown }, { connectionId: 'a', connections });
      expect(form.errors).toEqual({
        borrowConcurrencyFrom: 'The connection chosen to borrow concurrency from does not exist: choose one from the list',
      });
      expect(field(form, CONCURRENCY_LEVEL_FIELD).visible).toBe(false);
      expect(field(form, CONCURRENCY_POOL_NOTE_FIELD)).toMatchObject({ visible: true, value: NO_SHARED_POOL_TEXT });
    }
  });

  it('refuses a lender that is itself stuck in a cycle', () => {
    const looped = [
      ...connections,
      storedConnection('l1', { name: 'Loop one', borrowConcurrencyFrom: 'l2' }),
      storedConnection('l2', { name: 'Loop two', borrowConcurrencyFrom: 'l1' }),
    ];
    const form = engine.render({ ...base, borrowConcurrencyFrom: 'l1' }, { connectionId: 'a', connections: looped });
    expect(options(form)).not.toContain('Loop one');
    expect(form.errors.borrowConcurrencyFrom).toBe('Loop one borrows concurrency in a cycle (Loop one → Loop two → Loop one); choose another connection');
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
        // The rules already ran: the level is shown while no lender is chosen.
        seen.push(`level visible ${String(draft.fields.find((f) => f.id === CONCURRENCY_LEVEL_FIELD)?.visible)}`);
        expect(values).not.toHaveProperty('apiKey');
        draft.errors.apiUser = 'Rejected by the extension';
      },
    };
    const form = new FormEngine(CARTROVER_FORM_DEFINITION, [other, own]).render({ ...base, name: 'New', apiKey: 'k', concurrencyLevel: '4' }, { connections: [] });
    expect(seen).toEqual(['cartrover:4:0', 'level visible true']);
    expect(form.errors).toEqual({ apiUser: 'Rejected by the extension' });
  });

  it('leaves visibility to the rules: an extension cannot hide a field, and its errors about hidden fields are dropped', () => {
    const meddler: FormExtension = {
      appId: 'cartrover',
      apply(draft) {
        const name = draft.fields.find((f) => f.id === 'name') as { visible: boolean; required: boolean };
        name.visible = false;
        name.required = false;
        draft.errors.concurrencyLevel = 'not shown';
      },
    };
    const meddled = new FormEngine(CARTROVER_FORM_DEFINITION, [meddler, new BorrowFormExtension()]);
    const form = meddled.render({ ...base, borrowConcurrencyFrom: 'c' }, { connectionId: 'a', connections });
    expect(field(form, 'name')).toMatchObject({ visible: true, required: true });
    expect(form.errors).toEqual({});
    expect(meddled.validate({ name: '', apiUser: 'u', apiKey: 'k' }, { connections: [] })).toEqual({
      ok: false,
      errors: { name: 'Enter a name for this connection', concurrencyLevel: 'not shown' },
    });
  });
});
