import type { ContainerModuleLoadOptions } from 'inversify';
import { RateLimitPacerRegistry } from '../cartrover';
import type { Clock, ConnectionTestHandler, SecretCipher } from '../contracts';
import { TOKENS } from '../contracts';
import { AesGcmSecretCipher } from './aes-gcm-secret-cipher';
import { CartRoverConnectionTestHandler } from './cartrover-connection-test-handler';
import { ConnectionClientFactory } from './connection-client-factory';
import { CONNECTION_TOKENS } from './connection-tokens';

/**
 * Binds the connection feature: the plugin's one rate-limit pacer registry, the client factory, the
 * test handler, and the AES-256-GCM cipher only where the host brought none (`isBound`; never
 * `rebind` a host service). Needs the host's Logger, HostConfiguration, ConnectionDirectory,
 * PoolRegistry and (for the cipher) SecretKeyring; the form comes from `bindFormsFeature`.
 */
export function bindConnectionFeature(options: ContainerModuleLoadOptions): void {
  const { bind, isBound } = options;
  bind<RateLimitPacerRegistry>(CONNECTION_TOKENS.RateLimitPacers)
    .toDynamicValue((context) => new RateLimitPacerRegistry({ clock: context.get<Clock>(TOKENS.Clock, { optional: true }) }))
    .inSingletonScope();
  bind<ConnectionClientFactory>(CONNECTION_TOKENS.ClientFactory).to(ConnectionClientFactory).inSingletonScope();
  bind<ConnectionTestHandler>(CONNECTION_TOKENS.TestHandler).to(CartRoverConnectionTestHandler).inSingletonScope();
  if (!isBound(TOKENS.SecretCipher)) {
    bind<SecretCipher>(TOKENS.SecretCipher).to(AesGcmSecretCipher).inSingletonScope();
  }
}
