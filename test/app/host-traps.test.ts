import { Container } from 'inversify';
import plugin, { CartRoverError, SETTINGS } from '../../src';
import { TOKENS, type AppContribution, type ExportOperation, type HostConfiguration, type Logger, type PoolRegistry } from '../../src/contracts';
import { startSandbox, type SandboxServer } from '../../sandbox/src';
import { MERCHANT } from '../cartrover/sandbox-fixture';
import { cartroverConnection as conn } from '../adapters/support/connections';
import { InMemoryDirectory } from '../connection/connection-test-harness';

/** What a host author runs into when it does less than the reference host does. */
describe('a host that binds late and never syncs', () => {
  let sandbox: SandboxServer;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: true });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const configuration = (): HostConfiguration => ({ get: (key) => (key === SETTINGS.CARTROVER_BASE_URL ? sandbox.url : undefined) });
  const exportOf = (app: AppContribution): ExportOperation =>
    app.operations.find((operation): operation is ExportOperation => operation.role === 'source' && operation.id === 'orders')!;
  const readAll = async (operation: ExportOperation, connectionId: string): Promise<unknown[]> => {
    const records: unknown[] = [];
    const context = { connectionId, config: { status: 'new' }, signal: new AbortController().signal, logger: silent, setWatermark: () => undefined };
    for await (const record of operation.read(context)) records.push(record);
    return records;
  };

  it('exports from a connection the directory knows without lifecycle.sync: its pool (and its lender\'s) is bound on first use', async () => {
    const directory = new InMemoryDirectory();
    directory.put({ ...conn('lender', { level: 3 }), values: { name: 'Lender', apiUser: MERCHANT.apiUser, concurrencyLevel: 3 } }, MERCHANT.apiKey);
    directory.put({ ...conn('borrower', { borrow: 'lender' }), values: { name: 'Borrower', apiUser: MERCHANT.apiUser } }, MERCHANT.apiKey);
    const container = new Container();
    container.bind(TOKENS.ConnectionDirectory).toConstantValue(directory);
    container.bind(TOKENS.HostConfiguration).toConstantValue(configuration());
    await container.load(plugin);
    const app = container.getAll<AppContribution>(TOKENS.AppContribution)[0]!;

    expect((await readAll(exportOf(app), 'borrower')).length).toBeGreaterThan(0);
    const stats = await container.get<PoolRegistry>(TOKENS.PoolRegistry).stats();
    expect(stats.map(({ poolId, level, connectionIds }) => ({ poolId, level, connectionIds: [...connectionIds].sort() }))).toEqual([
      { poolId: 'lender', level: 3, connectionIds: ['borrower', 'lender'] },
    ]);
  });

  it('still refuses a connection the directory does not know (no pool is made up for it)', async () => {
    const container = new Container();
    container.bind(TOKENS.ConnectionDirectory).toConstantValue(new InMemoryDirectory());
    container.bind(TOKENS.HostConfiguration).toConstantValue(configuration());
    await container.load(plugin);
    const app = container.getAll<AppContribution>(TOKENS.AppContribution)[0]!;
    await expect(readAll(exportOf(app), 'ghost')).rejects.toMatchObject({ kind: 'config', message: 'Could not obtain the CartRover credentials (Error).' });
    expect(await container.get<PoolRegistry>(TOKENS.PoolRegistry).stats()).toEqual([]);
  });

  it('uses host services bound after load instead of the defaults (no "ambiguous bindings")', async () => {
    const container = new Container();
    await container.load(plugin);
    const seen: string[] = [];
    const logger: Logger = { debug: () => undefined, info: (message) => seen.push(message), warn: (message) => seen.push(message), error: (message) => seen.push(message) };
    const directory = new InMemoryDirectory();
    directory.put({ ...conn('shop'), values: { name: 'Shop', apiUser: MERCHANT.apiUser } }, 'not-the-key');
    container.bind(TOKENS.Logger).toConstantValue(logger);
    container.bind(TOKENS.ConnectionDirectory).toConstantValue(directory);
    container.bind(TOKENS.HostConfiguration).toConstantValue(configuration());
    expect(container.get(TOKENS.Logger)).toBe(logger);
    const app = container.getAll<AppContribution>(TOKENS.AppContribution)[0]!;

    // The late directory and configuration are the ones used: the stored (wrong) key reaches the sandbox.
    const failure = await readAll(exportOf(app), 'shop').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CartRoverError);
    expect(failure).toMatchObject({ kind: 'auth' });
    expect(JSON.stringify(failure)).not.toContain('not-the-key');
  });
});

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
