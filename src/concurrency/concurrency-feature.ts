import type { ContainerModuleLoadOptions } from 'inversify';
import { TOKENS, type Clock, type HostConfiguration, type Logger, type PoolRegistry } from '../contracts';
import { unlessHostBinds } from '../fallback-services/host-binding-first';
import { createPoolRegistry } from './pool-registry-backend';

/**
 * Binds the pool registry (in process, or on Redis when the host configuration names `REDIS_URL`),
 * unless the host brought its own: a plugin binds a host service only where `isBound` says none.
 */
export function bindConcurrencyFeature({ bind, isBound }: ContainerModuleLoadOptions): void {
  if (isBound(TOKENS.PoolRegistry)) return;
  bind<PoolRegistry>(TOKENS.PoolRegistry)
    .toDynamicValue((context) =>
      createPoolRegistry(
        context.get<HostConfiguration>(TOKENS.HostConfiguration, { optional: true }),
        context.get<Logger>(TOKENS.Logger, { optional: true }),
        context.get<Clock>(TOKENS.Clock, { optional: true }),
      ),
    )
    .inSingletonScope()
    .when(unlessHostBinds(isBound, TOKENS.PoolRegistry));
}
