import type { ConnectionSummary, ConnectionValues } from '../../src/contracts';
import type { DraftField, FormDraft } from '../../src/forms/form-extension';
import { BorrowFormExtension } from '../../adapters/borrowed-concurrency';
import { cartroverConnection as conn } from './support/connections';

function field(id: string, type: DraftField['type'], extra: Partial<DraftField> = {}): DraftField {
  return { id, label: id, type, required: false, visible: true, disabled: false, value: '', ...extra };
}

function draftFor(values: ConnectionValues, options: { withNote?: boolean } = {}): FormDraft {
  const fields = [
    field('name', 'text', { required: true, value: String(values.name ?? '') }),
    field('borrowConcurrencyFrom', 'select', { value: String(values.borrowConcurrencyFrom ?? '') }),
    ...(options.withNote === false ? [] : [field('concurrencyPool', 'note', { visible: Boolean(values.borrowConcurrencyFrom) })]),
    field('concurrencyLevel', 'select', { value: String(values.concurrencyLevel ?? ''), visible: !values.borrowConcurrencyFrom }),
  ];
  return { appId: 'cartrover', fields, errors: {} };
}

function render(values: ConnectionValues, connections: ConnectionSummary[], connectionId?: string, options?: { withNote?: boolean }) {
  const draft = draftFor(values, options);
  new BorrowFormExtension().apply(draft, values, { connectionId, connections });
  const byId = Object.fromEntries(draft.fields.map((f) => [f.id, f]));
  return { draft, byId, errors: draft.errors };
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

  it('lists blank first, then candidates by name: same app, not itself, no cycle, offline labelled', () => {
    const { byId } = render({ name: 'Self' }, accounts, 'self');
    expect(byId.borrowConcurrencyFrom.options).toEqual([
      { value: '', label: "None (use this connection's own level)" },
      { value: 'asleep', label: 'Asleep (offline)' },
      { value: 'main', label: 'Main store' },
      { value: 'returns', label: 'Returns' },
    ]);
  });

  it('offers every CartRover connection to a new one (nothing can borrow from it yet)', () => {
    const { byId } = render({}, accounts);
    expect(byId.borrowConcurrencyFrom.options!.map((option) => option.value)).toEqual([
      '', 'asleep', 'chained', 'leaning', 'main', 'returns', 'self',
    ]);
  });

  it('without a lender: the level stays as the rules made it and the note is hidden', () => {
    const { byId, errors } = render({ concurrencyLevel: 7 }, accounts, 'self');
    expect(byId.concurrencyLevel).toMatchObject({ visible: true, value: '7' });
    expect(byId.concurrencyPool).toMatchObject({ visible: false, value: '' });
    expect(errors).toEqual({});
  });

  it('with a lender: hides and drops the level, and the note names the root lender and its level', () => {
    const { byId, errors } = render({ borrowConcurrencyFrom: 'returns', concurrencyLevel: 3 }, accounts, 'self');
    expect(byId.concurrencyLevel).toMatchObject({ visible: false, required: false, value: '' });
    expect(byId.concurrencyPool).toMatchObject({ visible: true, value: 'Shares concurrency with Main store: level 8' });
    expect(errors).toEqual({});
  });

  it('uses the default level 5 in the note when the root has none', () => {
    const { byId } = render({ borrowConcurrencyFrom: 'asleep' }, accounts, 'self');
    expect(byId.concurrencyPool.value).toBe('Shares concurrency with Asleep: level 5');
  });

  it('does nothing to a note the layout does not declare', () => {
    const { draft } = render({ borrowConcurrencyFrom: 'main' }, accounts, 'self', { withNote: false });
    expect(draft.fields.map((f) => f.id)).toEqual(['name', 'borrowConcurrencyFrom', 'concurrencyLevel']);
  });

  it('reports a lender that no longer exists', () => {
    const { errors, byId } = render({ borrowConcurrencyFrom: 'deleted' }, accounts, 'self');
    expect(errors).toEqual({ borrowConcurrencyFrom: 'The connection to borrow from no longer exists' });
    expect(byId.concurrencyPool.visible).toBe(false);
  });

  it('reports a lender of another app as no longer existing', () => {
    const { errors } = render({ borrowConcurrencyFrom: 'other-app' }, accounts, 'self');
    expect(errors.borrowConcurrencyFrom).toBe('The connection to borrow from no longer exists');
  });

  it('names the cycle a lender would close', () => {
    expect(render({ borrowConcurrencyFrom: 'chained' }, accounts, 'self').errors).toEqual({
      borrowConcurrencyFrom: 'Borrowing from Chained would close a cycle: Self → Chained → Leaning on self → Self',
    });
    expect(render({ borrowConcurrencyFrom: 'self' }, accounts, 'self').errors).toEqual({
      borrowConcurrencyFrom: 'Borrowing from Self would close a cycle: Self → Self',
    });
    const pair = [conn('a', { name: 'A' }), conn('b', { name: 'B', borrow: 'a' })];
    expect(render({ borrowConcurrencyFrom: 'b' }, pair, 'a').errors.borrowConcurrencyFrom).toBe(
      'Borrowing from B would close a cycle: A → B → A',
    );
  });

  it('refuses a lender that is itself stuck in a cycle', () => {
    expect(render({ borrowConcurrencyFrom: 'loop-1' }, accounts, 'self').errors.borrowConcurrencyFrom).toBe(
      'Loop one borrows concurrency in a cycle (Loop one → Loop two → Loop one); choose another connection',
    );
  });
});
