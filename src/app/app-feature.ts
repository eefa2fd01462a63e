import type { ContainerModuleLoadOptions } from 'inversify';
import { TOKENS, type ConnectionDirectory, type ConnectionLifecycle, type Logger, type PoolRegistry } from '../contracts';
import { LENDER_RESOLUTION, type LenderResolution } from '../concurrency/lender-resolution';
import { CONCURRENCY_TOKENS } from '../concurrency/concurrency-tokens';
import { ConnectionPools } from '../concurrency/connection-pools';
import { connectionLevelRange } from '../concurrency/connection-level-range';
import { APP_TOKENS } from './app-tokens';
import { CartRoverApp } from './cartrover-app';
import { CARTROVER_APP } from './cartrover-app-descriptor';

/**
 * Contributes the app: bound to itself, then multi-bound to the contribution point with `toService`.
 * Its lifecycle is the core's one pool per root connection, fed by whatever lender resolution is
 * contributed (none: each connection has its own pool).
 */
export function bindCartRoverApp({ bind }: ContainerModuleLoadOptions): void {
  bind<ConnectionLifecycle>(APP_TOKENS.ConnectionPools)
    .toDynamicValue(
      (context) =>
        new ConnectionPools({
          appId: CARTROVER_APP.id,
          defaultLevel: connectionLevelRange(CARTROVER_APP.id).default,
          registry: context.get<PoolRegistry>(TOKENS.PoolRegistry),
          resolutions: context.getAll<LenderResolution>(LENDER_RESOLUTION, { optional: true }),
          logger: context.get<Logger>(TOKENS.Logger, { optional: true }),
          directory: context.get<ConnectionDirectory>(TOKENS.ConnectionDirectory, { optional: true }),
        }),
    )
    .inSingletonScope();
  bind(CONCURRENCY_TOKENS.LazyPoolBinding).toService(APP_TOKENS.ConnectionPools);
  bind(CartRoverApp).toSelf().inSingletonScope();
  bind(TOKENS.AppContribution).toService(CartRoverApp);
}
