import type { ContainerModuleLoadOptions } from 'inversify';
import { RateLimitPacerRegistry } from '../cartrover';
import type { Clock, ConnectionTestHandler } from '../contracts';
import { TOKENS } from '../contracts';
import { CartRoverConnectionTestHandler } from './cartrover-connection-test-handler';
import { ConnectionClientFactory } from './connection-client-factory';
import { CONNECTION_TOKENS } from './connection-tokens';

/**
 * Binds the connection feature: the plugin's one rate-limit pacer registry, the client factory, the
 * test handler. Needs the host's Logger, HostConfiguration, ConnectionDirectory and PoolRegistry;
 * the form comes from `bindCartRoverForm` (src/app). Encryption at rest is the host's (it hands the plugin
 * plaintext secrets through `ConnectionDirectory.readSecret`), so the plugin has no cipher.
 */
export function bindConnectionFeature(options: ContainerModuleLoadOptions): void {
  const { bind } = options;
  bind<RateLimitPacerRegistry>(CONNECTION_TOKENS.RateLimitPacers)
    .toDynamicValue((context) => new RateLimitPacerRegistry({ clock: context.get<Clock>(TOKENS.Clock) }))
    .inSingletonScope();
  bind<ConnectionClientFactory>(CONNECTION_TOKENS.ClientFactory).to(ConnectionClientFactory).inSingletonScope();
  bind<ConnectionTestHandler>(CONNECTION_TOKENS.TestHandler).to(CartRoverConnectionTestHandler).inSingletonScope();
}
