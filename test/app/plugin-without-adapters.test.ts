import { Container, ContainerModule } from 'inversify';
import { TOKENS, type AppContribution, type HostConfiguration, type PoolRegistry } from '../../src/contracts';
import { LENDER_RESOLUTION } from '../../src/concurrency/lender-resolution';
import { bindCartRoverCore } from '../../src';
import { FORM_EXTENSION } from '../../src/forms/form-extension';
import { startSandbox, type SandboxServer } from '../../sandbox/src';
import { MERCHANT } from '../cartrover/sandbox-fixture';
import { cartroverConnection as conn } from '../adapters/support/connections';
import { InMemoryDirectory } from '../connection/connection-test-harness';

/**
 * The entry without its adapter (what a fork that drops borrowed concurrency would ship): the core
 * still loads, tests connections against a real sandbox and keeps one pool per connection.
 */
describe('the plugin without the borrowed-concurrency adapter', () => {
  let sandbox: SandboxServer;
  let container: Container;
  let app: AppContribution;
  const directory = new InMemoryDirectory();

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: true });
    container = new Container();
    container.bind<HostConfiguration>(TOKENS.HostConfiguration).toConstantValue({ get: (key) => (key === 'CARTROVER_BASE_URL' ? sandbox.url : undefined) });
    container.bind(TOKENS.ConnectionDirectory).toConstantValue(directory);
    await container.load(new ContainerModule(bindCartRoverCore));
    app = container.getAll<AppContribution>(TOKENS.AppContribution).find((candidate) => candidate.id === 'cartrover')!;
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('has no lender resolution and no form extension bound', () => {
    expect(app).toBeDefined();
    expect(container.isBound(LENDER_RESOLUTION)).toBe(false);
    expect(container.isBound(FORM_EXTENSION)).toBe(false);
  });

  it('gives every connection its own pool, a borrower included, and blocks no deletion', async () => {
    const connections = [conn('lender', { level: 2 }), conn('borrower', { borrow: 'lender', level: 7 }), conn('plain')];
    await app.lifecycle.sync(connections);
    const stats = await container.get<PoolRegistry>(TOKENS.PoolRegistry).stats();
    expect(stats.map(({ poolId, level, connectionIds }) => ({ poolId, level, connectionIds }))).toEqual([
      { poolId: 'lender', level: 2, connectionIds: ['lender'] },
      { poolId: 'borrower', level: 5, connectionIds: ['borrower'] }, // a borrower's own level is none (the form drops it): the default
      { poolId: 'plain', level: 5, connectionIds: ['plain'] },
    ]);
    expect(app.lifecycle.deletionBlocker('lender', connections)).toBeUndefined();
    expect(app.lifecycle.lenderChain?.('borrower', connections)).toEqual({ connectionIds: ['borrower'] });
  });

  it('tests a stored connection through its own pool against the sandbox', async () => {
    const stored = { ...conn('plain'), values: { name: 'Plain', apiUser: MERCHANT.apiUser } };
    directory.put(stored, MERCHANT.apiKey);
    const result = await app.testHandler.test({ connectionId: 'plain', values: { name: 'Plain', apiUser: MERCHANT.apiUser, apiKey: MERCHANT.apiKey } });
    expect(result).toMatchObject({ ok: true });
    expect(sandbox.control.counters().requests['GET /v1/merchant/inventory']).toBe(1);
  });

  it('validates the connection form from its schema alone', () => {
    const validation = app.connectionForm.validate({ name: 'Plain', apiUser: MERCHANT.apiUser, apiKey: 'k', concurrencyLevel: '3' }, { connections: [] });
    expect(validation).toEqual({ ok: true, values: expect.objectContaining({ name: 'Plain', concurrencyLevel: 3 }) });
  });
});
