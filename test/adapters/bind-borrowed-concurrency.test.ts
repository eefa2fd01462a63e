import { Container, ContainerModule } from 'inversify';
import { TOKENS, type AppContribution, type PoolRegistry } from '../../src/contracts';
import { LENDER_RESOLUTION, type LenderResolution } from '../../src/concurrency/lender-resolution';
import { bindConcurrencyFeature } from '../../src/concurrency';
import { FORM_EXTENSION, type FormExtension } from '../../src/forms/form-extension';
import { BorrowFormExtension, BorrowLenderResolution, bindBorrowedConcurrency } from '../../adapters/borrowed-concurrency';
import cartRoverPlugin from '../../src';
import { cartroverConnection as conn } from './support/connections';

describe('bindBorrowedConcurrency', () => {
  it('adds its lender resolution and form extension next to other plugins’ contributions', async () => {
    const container = new Container();
    const otherExtension: FormExtension = { appId: 'other', apply: () => undefined };
    const otherResolution: LenderResolution = { appId: 'other', rootsOf: () => new Map(), check: () => undefined, deletionBlocker: () => undefined, lenderChain: (id) => ({ connectionIds: [id] }) };
    container.bind(FORM_EXTENSION).toConstantValue(otherExtension);
    container.bind(LENDER_RESOLUTION).toConstantValue(otherResolution);
    await container.load(
      new ContainerModule((options) => {
        bindConcurrencyFeature(options);
        bindBorrowedConcurrency(options);
      }),
    );

    const extensions = container.getAll<FormExtension>(FORM_EXTENSION);
    expect(extensions).toHaveLength(2);
    expect(extensions[0]).toBe(otherExtension);
    expect(extensions[1]).toBeInstanceOf(BorrowFormExtension);
    expect(container.get(BorrowFormExtension)).toBe(extensions[1]);

    const resolutions = container.getAll<LenderResolution>(LENDER_RESOLUTION);
    expect(resolutions).toHaveLength(2);
    expect(resolutions[0]).toBe(otherResolution);
    expect(resolutions[1]).toBeInstanceOf(BorrowLenderResolution);
  });

  it('through the plugin entry, binds borrowers to their root lender’s pool', async () => {
    const container = new Container();
    await container.load(cartRoverPlugin);
    const app = container.getAll<AppContribution>(TOKENS.AppContribution).find((candidate) => candidate.id === 'cartrover')!;
    await app.lifecycle.sync([conn('a'), conn('b', { borrow: 'a' })]);
    expect(await container.get<PoolRegistry>(TOKENS.PoolRegistry).stats()).toEqual([
      { poolId: 'a', level: 5, inFlight: 0, queued: 0, connectionIds: ['a', 'b'] },
    ]);
    expect(app.lifecycle.deletionBlocker('a', [conn('a', { name: 'Main' }), conn('b', { name: 'Returns', borrow: 'a' })])).toBe(
      'CartRover connection Main lends its concurrency to: Returns',
    );
    // The host's questions about chains are answered by the adapter's graph, through the lifecycle.
    const chained = [conn('a'), conn('b', { borrow: 'a' }), conn('c', { borrow: 'b' }), conn('x', { borrow: 'y' }), conn('y', { borrow: 'x' })];
    expect(app.lifecycle.lenderChain?.('c', chained)).toEqual({ connectionIds: ['c', 'b', 'a'] });
    expect(app.lifecycle.lenderChain?.('x', chained)).toEqual({ cycle: ['x', 'y', 'x'] });
  });
});
