import Database from 'better-sqlite3';
import path from 'node:path';
import { HostStore } from '../../host/src/store/host-store';
import { MIGRATIONS } from '../../host/src/store/migrations';
import type { StoredConnection } from '../../host/src/store/stored-records';
import { NameTakenError } from '../../host/src/store/name-taken-error';
import { tempDataDir } from './support/host-harness';

function connection(id: string, name: string): StoredConnection {
  return { id, appId: 'fake', name, values: { name }, secrets: { apiKey: 'v1:cipher' }, offline: false, lastTest: null, version: 1, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' };
}

describe('HostStore', () => {
  const data = tempDataDir('host-store-');
  let store: HostStore;
  beforeEach(() => {
    store = HostStore.open(path.join(data.dir, `db-${Math.random().toString(36).slice(2)}`));
  });
  afterEach(() => store.close());
  afterAll(() => data.remove());

  it('migrates once, in WAL mode with foreign keys on', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const versions = MIGRATIONS.map((migration) => migration.version);
    expect(store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(versions);
    const file = store.db.name;
    store.close();
    store = HostStore.open(path.dirname(file));
    expect(store.db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(versions.length);
  });

  it('refuses a database from a newer host', () => {
    const file = store.db.name;
    store.db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')").run();
    store.close();
    expect(() => HostStore.open(path.dirname(file))).toThrow(/newer host/);
    store = HostStore.open(path.join(data.dir, 'fresh'));
  });

  it('a crash inside a transaction leaves no half-saved connection or flow', () => {
    store.integrations.insert({ id: 'i1', name: 'I', createdAt: 'now' });
    expect(() =>
      store.transaction(() => {
        store.connections.insert(connection('c1', 'One'));
        store.integrations.register('i1', ['c1'], 'now');
        throw new Error('crash');
      }),
    ).toThrow('crash');
    expect(store.connections.get('c1')).toBeUndefined();
    expect(store.integrations.get('i1')!.connectionIds).toEqual([]);

    store.connections.insert(connection('c2', 'Two'));
    const flow = {
      id: 'f1',
      integrationId: 'i1',
      name: 'F',
      source: { appId: 'fake', connectionId: 'c2', operation: 'numbers', config: {} },
      destination: { appId: 'fake', connectionId: 'missing', operation: 'collect', config: {} },
      createdAt: 'now',
      updatedAt: 'now',
    };
    // The second flow_connections row violates its foreign key after the flow row was written.
    expect(() => store.transaction(() => store.flows.insert(flow))).toThrow(/FOREIGN KEY/);
    expect(store.flows.get('f1')).toBeUndefined();
    expect(store.db.prepare('SELECT count(*) FROM flow_connections').pluck().get()).toBe(0);
  });

  it('the kept connection list follows the store\'s own writes, rolled-back ones, and another process\'s commits', () => {
    const names = (from: HostStore): string[] => from.connections.list().map((one) => one.name);
    store.connections.insert(connection('k-1', 'First'));
    expect(names(store)).toEqual(['First']);
    const later = (id: string, name: string): StoredConnection => ({ ...connection(id, name), createdAt: `2024-01-0${id.slice(-1)}T00:00:00.000Z` });
    store.connections.insert(later('k-2', 'Second'));
    store.connections.update({ ...connection('k-1', 'First renamed'), version: 2 });
    expect(names(store)).toEqual(['First renamed', 'Second']);
    // Written inside a transaction that fails: the list is what was committed.
    expect(() =>
      store.transaction(() => {
        store.connections.insert(later('k-3', 'Never'));
        store.connections.delete('k-2');
        expect(names(store)).toEqual(['First renamed', 'Never']);
        throw new Error('crash');
      }),
    ).toThrow('crash');
    expect(names(store)).toEqual(['First renamed', 'Second']);
    // Another connection to the same database (another host on the folder) changes it.
    const other = HostStore.open(path.dirname(store.db.name));
    try {
      other.connections.insert(later('k-4', 'From the other host'));
      expect(names(store)).toEqual(['First renamed', 'Second', 'From the other host']);
      other.connections.delete('k-1');
      other.connections.recordTest('k-2', { ok: true, message: 'ok', latencyMs: 1, testedAt: 'now' }, 'now', true);
      expect(names(store)).toEqual(['Second', 'From the other host']);
      expect(store.connections.list()[0]!.offline).toBe(true);
    } finally {
      other.close();
    }
  });

  it('names are unique case-insensitively', () => {
    store.connections.insert(connection('a', 'Main Store'));
    expect(() => store.connections.insert(connection('b', 'main store'))).toThrow(NameTakenError);
    expect(() => store.connections.insert(connection('c', ' MAIN STORE '))).toThrow(NameTakenError);
  });

  it('a connection used by a flow cannot be deleted even without the service check', () => {
    store.integrations.insert({ id: 'i', name: 'I', createdAt: 'now' });
    store.connections.insert(connection('c', 'C'));
    store.flows.insert({ id: 'f', integrationId: 'i', name: 'F', source: { appId: 'fake', connectionId: 'c', operation: 'x', config: {} }, destination: { appId: 'file', operation: 'write', config: {} }, createdAt: 'now', updatedAt: 'now' });
    expect(() => store.connections.delete('c')).toThrow(/FOREIGN KEY/);
    expect(store.flows.usingConnection('c')).toEqual([{ id: 'f', name: 'F' }]);
  });

  it('is a plain SQLite file other tools can read', () => {
    store.connections.insert(connection('x', 'X'));
    const reader = new Database(store.db.name, { readonly: true });
    expect(reader.prepare('SELECT name FROM connections').pluck().all()).toEqual(['X']);
    reader.close();
  });
});
