/** List, view and status of orders; the same for the cart and merchant levels (reference §5.3–§5.5). */
import { success } from '../api-answer';
import { readIncludeFlags } from '../include-flags';
import { orderListRow, orderStatusView, orderView } from '../order-views';
import type { AliasLookup } from '../order-views';
import { readPage, slicePage } from '../paging';
import type { SandboxUser } from '../public-types';
import type { RouteContext, RouteDefinition } from '../route-table';
import type { SandboxState } from '../sandbox-state';
import { aliasMap } from '../sku-catalog';
import { parseQueryTimestamp } from '../timestamps';

export function aliasLookup(state: SandboxState): AliasLookup {
  return (sku) => aliasMap(state.catalog.find(sku)?.aliases ?? {});
}

function optionalTimestamp(query: URLSearchParams, name: string, edge: 'start' | 'end'): number | undefined {
  const raw = query.get(name);
  return raw === null || raw === '' ? undefined : parseQueryTimestamp(name, raw, edge);
}

function listOrders(state: SandboxState, { params, query }: RouteContext) {
  const page = readPage(query);
  const flags = readIncludeFlags(query);
  const window = { from: optionalTimestamp(query, 'from_date', 'start'), to: optionalTimestamp(query, 'to_date', 'end') };
  const orderSource = query.get('order_source') || undefined;
  const rows = slicePage(state.orders.list(params.status, window, orderSource), page);
  const aliasesOf = aliasLookup(state);
  return success(rows.map((order) => orderListRow(order, flags, aliasesOf)));
}

export function orderReadRoutes(level: 'cart' | 'merchant', levels: readonly SandboxUser['level'][], state: SandboxState): RouteDefinition[] {
  const base = `/v1/${level}/orders`;
  return [
    { method: 'GET', path: `${base}/list/{status}`, levels, rateLimited: true, handle: (context) => listOrders(state, context) },
    {
      method: 'GET',
      path: `${base}/status/{cust_ref}`,
      levels,
      rateLimited: true,
      handle: ({ params }) => success(orderStatusView(state.orders.get(params.cust_ref))),
    },
    {
      method: 'GET',
      path: `${base}/{cust_ref}`,
      levels,
      rateLimited: true,
      handle: ({ params, query }) => success(orderView(state.orders.get(params.cust_ref), readIncludeFlags(query), aliasLookup(state))),
    },
  ];
}
