import type { ConnectionSummary } from '../../src/contracts';
import { BORROW_CONCURRENCY_FIELD } from '../../src/contracts';
import { InProcessPoolRegistry } from '../../src/concurrency';
import { ConnectionPools } from '../../src/concurrency/connection-pools';
import { CARTROVER_FORM_DEFINITION } from '../../src/app/cartrover-form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import { BorrowFormExtension, BorrowLenderResolution } from '../../adapters/borrowed-concurrency';
import { cartroverConnection as conn } from './support/connections';

const resolution = new BorrowLenderResolution();
const engine = new FormEngine(CARTROVER_FORM_DEFINITION, [new BorrowFormExtension()]);

const accounts = [
  conn('self', { name: 'Self' }),
  conn('main', { name: 'Main store', level: 8 }),
  conn('leaning', { name: 'Leaning on self', borrow: 'self' }),
  conn('chained', { name: 'Chained', borrow: 'leaning' }),
  conn('loop-1', { name: 'Loop one', borrow: 'loop-2' }),
  conn('loop-2', { name: 'Loop two', borrow: 'loop-1' }),
  conn('other-app', { name: 'A file connection', appId: 'file' }),
];

/** The account as the host's write sees it: `self` as it would be saved, borrowing from `lenderId`. */
function afterSave(lenderId: string): ConnectionSummary[] {
  return accounts.map((connection) => (connection.id === 'self' ? { ...connection, borrowConcurrencyFrom: lenderId } : connection));
}

function formError(lenderId: string): string | undefined {
  return engine.render({ name: 'Self', apiUser: 'u', [BORROW_CONCURRENCY_FIELD]: lenderId }, { connectionId: 'self', connections: accounts }).errors[BORROW_CONCURRENCY_FIELD];
}

describe('the lender rule (one owner: the form and a host\'s save say the same)', () => {
  it.each([
    ['itself', 'self', 'A connection cannot borrow concurrency from itself: choose another one from the list'],
    ['a connection that does not exist', 'gone', 'The connection chosen to borrow concurrency from does not exist: choose one from the list'],
    ['a connection of another app', 'other-app', 'The connection chosen to borrow concurrency from does not exist: choose one from the list'],
    ['one whose chain leads back (a cycle)', 'chained', 'Borrowing from Chained would close a cycle: self → chained → leaning → self'],
    ['one stuck in a cycle', 'loop-1', 'Loop one borrows concurrency in a cycle (loop-1 → loop-2 → loop-1); choose another connection'],
  ])('refuses %s with one sentence', (_what, lenderId, sentence) => {
    const checked = resolution.check('self', lenderId, afterSave(lenderId));
    expect(checked).toBe(sentence.replace(/self → chained → leaning → self/, 'Self → Chained → Leaning on self → Self').replace('loop-1 → loop-2 → loop-1', 'Loop one → Loop two → Loop one'));
    expect(formError(lenderId)).toBe(checked);
  });

  it('lets a connection borrow from a root or a chain that ends at one', () => {
    expect(resolution.check('self', 'main', afterSave('main'))).toBeUndefined();
    expect(formError('main')).toBeUndefined();
  });

  it('through the lifecycle: the adapter answers; without it nothing refuses a "lender"', () => {
    const registry = new InProcessPoolRegistry();
    const withAdapter = new ConnectionPools({ appId: 'cartrover', defaultLevel: 5, registry, resolutions: [resolution] });
    const without = new ConnectionPools({ appId: 'cartrover', defaultLevel: 5, registry });
    expect(withAdapter.checkLender('self', 'chained', afterSave('chained'))).toMatch(/would close a cycle/);
    expect(without.checkLender('self', 'chained', afterSave('chained'))).toBeUndefined();
    expect(without.checkLender('self', 'gone', afterSave('gone'))).toBeUndefined();
  });
});
