import type { ContainerModuleLoadOptions } from 'inversify';
import { TOKENS } from '../contracts';
import { EmptyConnectionDirectory } from './empty-connection-directory';
import { EnvironmentConfiguration } from './environment-configuration';
import { unlessHostBinds } from './host-binding-first';
import { silentLogger } from './silent-logger';
import { systemClock } from '../contracts';

/** Defaults for host services the plugin needs, bound only where the host has none (and yielding to one bound later). */
export function bindFallbackServices({ bind, isBound }: ContainerModuleLoadOptions): void {
  const defaults: ReadonlyArray<[symbol, unknown]> = [
    [TOKENS.Logger, silentLogger],
    [TOKENS.Clock, systemClock],
    [TOKENS.ConnectionDirectory, new EmptyConnectionDirectory()],
    [TOKENS.HostConfiguration, new EnvironmentConfiguration()],
  ];
  for (const [token, value] of defaults) {
    if (!isBound(token)) bind(token).toConstantValue(value).when(unlessHostBinds(isBound, token));
  }
}
