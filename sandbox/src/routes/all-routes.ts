/**
 * Every route the sandbox serves. Level rules (which keys may call what is unknown, reference §2):
 * cart keys only /v1/cart/*; merchant keys /v1/merchant/* and (unless merchantKeysOnCartRoutes is
 * false) /v1/cart/*, since a merchant owns its carts; warehouse keys also /v1/merchant/*
 * (U6 does so, selecting the merchant with X-Merchant-Pk, which we accept and ignore since the
 * sandbox has one merchant). A key used on another level's route is refused like bad credentials.
 */
import type { SandboxUser } from '../public-types';
import type { RouteDefinition } from '../route-table';
import type { SandboxState } from '../sandbox-state';
import { cartOrderWriteRoutes } from './cart-order-write-routes';
import { catalogRoutes } from './catalog-routes';
import { orderReadRoutes } from './order-read-routes';

export function allRoutes(state: SandboxState, merchantKeysOnCartRoutes: boolean): RouteDefinition[] {
  const merchantLevels: readonly SandboxUser['level'][] = ['merchant', 'warehouse'];
  const cartLevels: readonly SandboxUser['level'][] = merchantKeysOnCartRoutes ? ['cart', 'merchant'] : ['cart'];
  return [
    ...cartOrderWriteRoutes(state, cartLevels),
    ...orderReadRoutes('cart', cartLevels, state),
    ...orderReadRoutes('merchant', merchantLevels, state),
    ...catalogRoutes(state, merchantLevels),
  ];
}
