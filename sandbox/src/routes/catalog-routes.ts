/** Merchant inventory and product reads (reference §5.8, §5.9) and ship methods (§5.10). */
import { success } from '../api-answer';
import { readPage, slicePage } from '../paging';
import type { RouteDefinition } from '../route-table';
import type { SandboxState } from '../sandbox-state';
import { WMS_SHIP_METHODS, cartShipMethods } from '../ship-methods';
import type { SandboxUser } from '../public-types';

export function catalogRoutes(state: SandboxState, merchantLevels: readonly SandboxUser['level'][]): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/v1/merchant/inventory',
      levels: merchantLevels,
      rateLimited: true,
      handle: ({ query }) => success(slicePage(state.catalog.all(), readPage(query)).map((record) => state.catalog.inventoryListRow(record))),
    },
    {
      method: 'GET',
      path: '/v1/merchant/inventory/{sku}',
      levels: merchantLevels,
      rateLimited: true,
      handle: ({ params }) => success(state.catalog.inventoryDetail(params.sku)),
    },
    {
      method: 'GET',
      path: '/v1/merchant/product/{sku}',
      levels: merchantLevels,
      rateLimited: true,
      handle: ({ params }) => success(state.catalog.product(params.sku)),
    },
    // Level is unclear (reference §5 "WMS/Merchant?"): merchant and warehouse keys may call it.
    { method: 'GET', path: '/v1/wms/shipmethod/list', levels: ['merchant', 'warehouse'], rateLimited: true, handle: () => success(WMS_SHIP_METHODS.map((m) => ({ ...m }))) },
    // Level unknown: cart keys (the order source's own mapping) and merchant keys may call it.
    {
      method: 'GET',
      path: '/v1/cart/shipmethod/list/{order_source}',
      levels: ['cart', 'merchant'],
      rateLimited: true,
      handle: ({ params }) => success(cartShipMethods(params.order_source)),
    },
  ];
}
