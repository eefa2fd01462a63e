import { Container, ContainerModule } from 'inversify';
import type { ContainerModuleLoadOptions } from 'inversify';
import { InProcessPoolRegistry } from '../../src/concurrency';
import type { ConnectionFormContribution } from '../../src/contracts';
import { TOKENS } from '../../src/contracts';
import { CartRoverConnectionTestHandler } from '../../src/connection/cartrover-connection-test-handler';
import { ConnectionClientFactory, DEFAULT_CARTROVER_BASE_URL } from '../../src/connection/connection-client-factory';
import { bindConnectionFeature } from '../../src/connection/connection-feature';
import { CONNECTION_TOKENS } from '../../src/connection/connection-tokens';
import { FormEngine } from '../../src/forms/form-engine';
import { FORM_EXTENSION } from '../../src/forms/form-extension';
import { bindCartRoverForm } from '../../src/app/cartrover-form-feature';
import { BorrowFormExtension } from '../../adapters/borrowed-concurrency/borrow-form-extension';
import { CapturingLogger, InMemoryDirectory } from './connection-test-harness';
import { systemClock } from '../../src/contracts';

async function containerWith(hostBindings: (container: Container) => void, extra?: (options: ContainerModuleLoadOptions) => void): Promise<Container> {
  const container = new Container();
  const settings = new Map<string, string>();
  container.bind(TOKENS.Logger).toConstantValue(new CapturingLogger());
  container.bind(TOKENS.Clock).toConstantValue(systemClock);
  container.bind(TOKENS.HostConfiguration).toConstantValue({ get: (key: string) => settings.get(key) });
  container.bind(TOKENS.ConnectionDirectory).toConstantValue(new InMemoryDirectory());
  container.bind(TOKENS.PoolRegistry).toConstantValue(new InProcessPoolRegistry());
  hostBindings(container);
  await container.load(
    new ContainerModule((options) => {
      bindCartRoverForm(options);
      bindConnectionFeature(options);
      extra?.(options);
    }),
  );
  return container;
}

describe('inversify wiring of the forms and connection features', () => {
  it('binds the form (with multi-bound extensions), the test handler and the factory, and no cipher (encryption at rest is the host\'s)', async () => {
    const container = await containerWith(() => undefined, ({ bind }) => {
      bind(FORM_EXTENSION).toConstantValue(new BorrowFormExtension());
    });
    const form = container.get<ConnectionFormContribution>(CONNECTION_TOKENS.ConnectionForm);
    expect(form).toBeInstanceOf(FormEngine);
    expect(container.get(CONNECTION_TOKENS.ConnectionForm)).toBe(form);
    expect(form.secretFields).toEqual(['apiKey']);
    const options = form.render({}, { connections: [{ id: 'x', appId: 'cartrover', name: 'X', values: {}, storedSecrets: [], borrowConcurrencyFrom: null, offline: false }] })
      .fields.find((field) => field.id === 'borrowConcurrencyFrom')?.options;
    expect(options?.map((option) => option.label)).toEqual(["None (use this connection's own level)", 'X']);
    expect(container.get(CONNECTION_TOKENS.TestHandler)).toBeInstanceOf(CartRoverConnectionTestHandler);
    expect(container.get(CONNECTION_TOKENS.TestHandler)).toBe(container.get(CONNECTION_TOKENS.TestHandler));
    expect(container.get(CONNECTION_TOKENS.ClientFactory)).toBeInstanceOf(ConnectionClientFactory);
    // The contract names no cipher: nothing in the container encrypts, whatever token a host might guess.
    expect(container.isBound(Symbol.for('integration-host/service/secret-cipher'))).toBe(false);
    expect(Object.keys(TOKENS).filter((name) => /cipher|keyring/i.test(name))).toEqual([]);
  });

  it('works without any form extension bound', async () => {
    const container = await containerWith(() => undefined);
    expect(container.get<ConnectionFormContribution>(CONNECTION_TOKENS.ConnectionForm).render({}, { connections: [] }).fields).toHaveLength(6);
  });

  it('reads the base URL from host configuration, defaulting to CartRover', () => {
    const settings = new Map<string, string>();
    const factory = new ConnectionClientFactory({ get: (key) => settings.get(key) }, new InMemoryDirectory(), new InProcessPoolRegistry(), {} as never, systemClock);
    expect(factory.baseUrl).toBe(DEFAULT_CARTROVER_BASE_URL);
    settings.set('CARTROVER_BASE_URL', ' http://127.0.0.1:4010 ');
    expect(factory.baseUrl).toBe('http://127.0.0.1:4010');
  });
});
