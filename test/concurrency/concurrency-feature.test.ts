import { Container, ContainerModule } from 'inversify';
import { TOKENS, type PoolRegistry } from '../../src/contracts';
import { bindConcurrencyFeature, InProcessPoolRegistry } from '../../src/concurrency';

describe('bindConcurrencyFeature', () => {
  it('binds one in-process registry when the host has none', async () => {
    const container = new Container();
    await container.load(new ContainerModule((options) => bindConcurrencyFeature(options)));
    const registry = container.get<PoolRegistry>(TOKENS.PoolRegistry);
    expect(registry).toBeInstanceOf(InProcessPoolRegistry);
    expect(container.get(TOKENS.PoolRegistry)).toBe(registry);
  });

  it("keeps the host's registry", async () => {
    const container = new Container();
    const hostRegistry = new InProcessPoolRegistry();
    container.bind(TOKENS.PoolRegistry).toConstantValue(hostRegistry);
    await container.load(new ContainerModule((options) => bindConcurrencyFeature(options)));
    expect(container.get(TOKENS.PoolRegistry)).toBe(hostRegistry);
  });
});
