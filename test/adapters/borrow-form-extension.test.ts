import type { ConnectionSummary, ConnectionValues, RenderedField } from '../../src/contracts';
import { BORROW_CONCURRENCY_FIELD } from '../../src/contracts';
import { CONCURRENCY_LEVEL_FIELD, CONCURRENCY_POOL_NOTE_FIELD } from '../../src/concurrency/concurrency-form-fields';
import { CARTROVER_FORM_DEFINITION } from '../../src/app/cartrover-form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import { BorrowFormExtension } from '../../adapters/borrowed-concurrency';
import { NO_SHARED_POOL_TEXT } from '../../adapters/borrowed-concurrency/borrow-form-extension';
import { cartroverConnection as conn } from './support/connections';

/** The extension inside the real form engine and the real CartRover form. */
const engine = new FormEngine(CARTROVER_FORM_DEFINITION, [new BorrowFormExtension()]);

function render(values: ConnectionValues, connections: ConnectionSummary[], connectionId?: string) {
  const form = engine.render({ name: 'Self', apiUser: 'self-user', ...values }, { connectionId, connections });
  const byId: Record<string, RenderedField> = Object.fromEntries(form.fields.map((f) => [f.id, f]));
  return { byId, errors: form.errors, form };
}

const accounts = [
  conn('self', { name: 'Self' }),
  conn('main', { name: 'Main store', level: 8 }),
  conn('returns', { name: 'Returns', borrow: 'main' }),
  conn('asleep', { name: 'Asleep', offline: true }),
  conn('leaning', { name: 'Leaning on self', borrow: 'self' }),
  conn('chained', { name: 'Chained', borrow: 'leaning' }),
  conn('loop-1', { name: 'Loop one', borrow: 'loop-2' }),
  conn('loop-2', { name: 'Loop two', borrow: 'loop-1' }),
  conn('other-app', { name: 'A file connection', appId: 'file' }),
];

describe('BorrowFormExtension', () => {
  it('applies to the CartRover form', () => {
    expect(new BorrowFormExtension().appId).toBe('cartrover');
  });

  it('lists the blank option first, then candidates by name: same app, not itself, no cycle, offline labelled', () => {
    const { byId } = render({}, accounts, 'self');
    expect(byId[BORROW_CONCURRENCY_FIELD]!.options).toEqual([
      { value: '', label: "None (use this connection's own level)" },
      { value: 'asleep', label: 'Asleep (offline)' },
      { value: 'main', label: 'Main store' },
      { value: 'returns', label: 'Returns' },
    ]);
  });

  it('offers every CartRover connection to a new one (nothing can borrow from it yet) except those stuck in a cycle', () => {
    const { byId } = render({}, accounts);
    expect(byId[BORROW_CONCURRENCY_FIELD]!.options!.map((option) => option.value)).toEqual(['', 'asleep', 'chained', 'leaning', 'main', 'returns', 'self']);
  });

  it('sorts names without regard to case or accents', () => {
    const named = [conn('x', { name: 'émile' }), conn('y', { name: 'Zoe' }), conn('z', { name: 'adam' }), conn('w', { name: 'Eve' })];
    const { byId } = render({}, named);
    expect(byId[BORROW_CONCURRENCY_FIELD]!.options!.slice(1).map((option) => option.label)).toEqual(['adam', 'émile', 'Eve', 'Zoe']);
  });

  it('without a lender: the level is shown with its value, the note hidden, no error', () => {
    const { byId, errors } = render({ concurrencyLevel: 7 }, accounts, 'self');
    expect(byId[CONCURRENCY_LEVEL_FIELD]).toMatchObject({ visible: true, value: '7' });
    expect(byId[CONCURRENCY_POOL_NOTE_FIELD]).toMatchObject({ visible: false, value: '' });
    expect(errors).toEqual({});
  });

  it('with a lender: the note names the root lender and its level (the rule hides the level)', () => {
    const { byId, errors } = render({ borrowConcurrencyFrom: 'returns', concurrencyLevel: 3 }, accounts, 'self');
    expect(byId[CONCURRENCY_LEVEL_FIELD]).toMatchObject({ visible: false, required: false, value: '' });
    expect(byId[CONCURRENCY_POOL_NOTE_FIELD]).toMatchObject({ visible: true, value: 'Shares concurrency with Main store: level 8' });
    expect(errors).toEqual({});
  });

  it('uses the default level 5 in the note when the root has none', () => {
    expect(render({ borrowConcurrencyFrom: 'asleep' }, accounts, 'self').byId[CONCURRENCY_POOL_NOTE_FIELD]!.value).toBe(
      'Shares concurrency with Asleep: level 5',
    );
  });

  it('reports a lender that does not exist, or is of another app, with its own message', () => {
    for (const id of ['deleted', 'other-app']) {
      const { errors, byId } = render({ borrowConcurrencyFrom: id }, accounts, 'self');
      expect(errors).toEqual({
        borrowConcurrencyFrom: 'The connection chosen to borrow concurrency from does not exist: choose one from the list',
      });
      expect(byId[CONCURRENCY_POOL_NOTE_FIELD]).toMatchObject({ visible: true, value: NO_SHARED_POOL_TEXT });
    }
  });

  it('names the cycle a lender would close', () => {
    expect(render({ borrowConcurrencyFrom: 'chained' }, accounts, 'self').errors).toEqual({
      borrowConcurrencyFrom: 'Borrowing from Chained would close a cycle: Self → Chained → Leaning on self → Self',
    });
    expect(render({ borrowConcurrencyFrom: 'self' }, accounts, 'self').errors).toEqual({
      borrowConcurrencyFrom: 'A connection cannot borrow concurrency from itself: choose another one from the list',
    });
    const pair = [conn('a', { name: 'A' }), conn('b', { name: 'B', borrow: 'a' })];
    expect(render({ name: 'A', borrowConcurrencyFrom: 'b' }, pair, 'a').errors.borrowConcurrencyFrom).toBe('Borrowing from B would close a cycle: A → B → A');
  });

  it('refuses a lender that is itself stuck in a cycle', () => {
    expect(render({ borrowConcurrencyFrom: 'loop-1' }, accounts, 'self').errors.borrowConcurrencyFrom).toBe(
      'Loop one borrows concurrency in a cycle (Loop one → Loop two → Loop one); choose another connection',
    );
  });

  it('reflects every change of the account between renders (what it reuses is checked by content)', () => {
    const extension = new FormEngine(CARTROVER_FORM_DEFINITION, [new BorrowFormExtension()]);
    const show = (connections: ConnectionSummary[]) => {
      const form = extension.render({ name: 'New', borrowConcurrencyFrom: 'b' }, { connections });
      const fields = Object.fromEntries(form.fields.map((f) => [f.id, f]));
      return { labels: fields[BORROW_CONCURRENCY_FIELD]!.options!.slice(1).map((o) => o.label), note: fields[CONCURRENCY_POOL_NOTE_FIELD]!.value };
    };
    const account = [conn('a', { name: 'Alpha', level: 3 }), conn('b', { name: 'Beta', borrow: 'a' })];
    expect(show(account)).toEqual({ labels: ['Alpha', 'Beta'], note: 'Shares concurrency with Alpha: level 3' });
    // Fresh objects, same content: same answer.
    expect(show(account.map((c) => ({ ...c })))).toEqual({ labels: ['Alpha', 'Beta'], note: 'Shares concurrency with Alpha: level 3' });
    // A level and an offline flag change (not part of what is reused).
    expect(show([conn('a', { name: 'Alpha', level: 9, offline: true }), conn('b', { name: 'Beta', borrow: 'a' })])).toEqual({
      labels: ['Alpha (offline)', 'Beta'],
      note: 'Shares concurrency with Alpha: level 9',
    });
    // A rename, a new lender, an added connection.
    expect(show([conn('a', { name: 'Zulu', level: 3 }), conn('b', { name: 'Beta', borrow: 'c' }), conn('c', { name: 'Carol', level: 4 })])).toEqual({
      labels: ['Beta', 'Carol', 'Zulu'],
      note: 'Shares concurrency with Carol: level 4',
    });
    // Back to the first account.
    expect(show(account)).toEqual({ labels: ['Alpha', 'Beta'], note: 'Shares concurrency with Alpha: level 3' });
  });

  it('drops the own level on save when borrowing', () => {
    const validation = engine.validate(
      { name: 'Self', apiUser: 'self-user', borrowConcurrencyFrom: 'main', concurrencyLevel: 3 },
      { connectionId: 'self', connections: accounts },
    );
    expect(validation).toEqual({
      ok: true,
      values: { name: 'Self', apiUser: 'self-user', borrowConcurrencyFrom: 'main' },
    });
  });
});
