import type { ContainerModuleLoadOptions } from 'inversify';
import { TOKENS } from '../contracts';
import { EmptyConnectionDirectory } from './empty-connection-directory';
import { EnvironmentConfiguration } from './environment-configuration';
import { SilentLogger } from './silent-logger';
import { SystemClock } from './system-clock';

/** Defaults for host services the plugin needs, bound only where the host has none. */
export function bindFallbackServices({ bind, isBound }: ContainerModuleLoadOptions): void {
  if (!isBound(TOKENS.Logger)) bind(TOKENS.Logger).toConstantValue(new SilentLogger());
  if (!isBound(TOKENS.Clock)) bind(TOKENS.Clock).toConstantValue(new SystemClock());
  if (!isBound(TOKENS.ConnectionDirectory)) bind(TOKENS.ConnectionDirectory).toConstantValue(new EmptyConnectionDirectory());
  if (!isBound(TOKENS.HostConfiguration)) bind(TOKENS.HostConfiguration).toConstantValue(new EnvironmentConfiguration());
}
