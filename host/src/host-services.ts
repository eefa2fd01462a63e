import type { Container } from 'inversify';
import { TOKENS } from 'cartrover-connector/contracts';
import type { Clock, ConnectionDirectory, HostConfiguration, Logger } from 'cartrover-connector/contracts';

/** The host services of the contract: bound by the host before any plugin loads. */
export interface HostServiceBindings {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly configuration: HostConfiguration;
  readonly directory: ConnectionDirectory;
}

/** Binds them, so that plugins see `isBound` true and keep their own defaults out. */
export function bindHostServices(container: Container, services: HostServiceBindings): void {
  container.bind<Logger>(TOKENS.Logger).toConstantValue(services.logger);
  container.bind<Clock>(TOKENS.Clock).toConstantValue(services.clock);
  container.bind<HostConfiguration>(TOKENS.HostConfiguration).toConstantValue(services.configuration);
  container.bind<ConnectionDirectory>(TOKENS.ConnectionDirectory).toConstantValue(services.directory);
}
