import type { ContainerModuleLoadOptions } from 'inversify';
import { TOKENS } from '../contracts';
import { EmptyConnectionDirectory } from './empty-connection-directory';
import { EnvironmentConfiguration } from './environment-configuration';
import { silentLogger } from './silent-logger';
import { systemClock } from './system-clock';

/** Defaults for host services the plugin needs, bound only where the host has none. */
export function bindFallbackServices({ bind, isBound }: ContainerModuleLoadOptions): void {
  if (!isBound(TOKENS.Logger)) bind(TOKENS.Logger).toConstantValue(silentLogger);
  if (!isBound(TOKENS.Clock)) bind(TOKENS.Clock).toConstantValue(systemClock);
  if (!isBound(TOKENS.ConnectionDirectory)) bind(TOKENS.ConnectionDirectory).toConstantValue(new EmptyConnectionDirectory());
  if (!isBound(TOKENS.HostConfiguration)) bind(TOKENS.HostConfiguration).toConstantValue(new EnvironmentConfiguration());
}
