import { Container, ContainerModule } from 'inversify';
import { TOKENS, type ConnectionLifecycle, type PoolRegistry } from '../../src/contracts';
import { bindConcurrencyFeature } from '../../src/concurrency';
import { FORM_EXTENSION, type FormExtension } from '../../src/forms/form-extension';
import { BORROWED_CONCURRENCY_TOKENS, BorrowedConcurrencyLifecycle, BorrowFormExtension, bindBorrowedConcurrency } from '../../adapters/borrowed-concurrency';
import { cartroverConnection as conn } from './support/connections';

describe('bindBorrowedConcurrency', () => {
  it('binds the lifecycle and adds the form extension next to other plugins’ extensions', async () => {
    const container = new Container();
    const otherExtension: FormExtension = { appId: 'other', apply: () => undefined };
    container.bind(FORM_EXTENSION).toConstantValue(otherExtension);
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

    const lifecycle = container.get<ConnectionLifecycle>(BORROWED_CONCURRENCY_TOKENS.Lifecycle);
    expect(lifecycle).toBeInstanceOf(BorrowedConcurrencyLifecycle);
    expect(container.get(BORROWED_CONCURRENCY_TOKENS.Lifecycle)).toBe(lifecycle);
    await lifecycle.sync([conn('a'), conn('b', { borrow: 'a' })]);
    expect(await container.get<PoolRegistry>(TOKENS.PoolRegistry).stats()).toEqual([
      { poolId: 'a', level: 5, inFlight: 0, queued: 0, connectionIds: ['a', 'b'] },
    ]);
  });
});
