/** Cart-level order writes: create (§5.1), update status/tracking (§5.6) and cancel (§5.7). */
import { ApiError, success, successWithoutWrapper } from '../api-answer';
import type { ApiAnswer } from '../api-answer';
import { batchAnswer, runEntry } from '../batch-answer';
import { custRefOf, readNewOrder } from '../new-order';
import type { RouteContext, RouteDefinition } from '../route-table';
import type { SandboxState } from '../sandbox-state';
import type { SandboxUser } from '../public-types';

/** A body that is one object, or an array of objects ("Array of orders, even if only one", C1). */
function entriesOf(body: unknown): { entries: unknown[]; isArray: boolean } {
  if (Array.isArray(body)) {
    if (body.length === 0) throw new ApiError('Invalid', 'No orders in the request body');
    return { entries: body, isArray: true };
  }
  if (typeof body !== 'object' || body === null) throw new ApiError('Invalid', 'The request body must be a JSON object or an array of objects');
  return { entries: [body], isArray: false };
}

function createOne(state: SandboxState, raw: unknown, { user, now }: RouteContext): Record<string, unknown> {
  const order = state.orders.create(readNewOrder(raw, now), user.apiUser, now);
  state.counters.recordOrderCreated(order.custRef);
  // order_number echoes cust_ref (reference §10.4).
  return { cust_ref: order.custRef, order_number: order.custRef };
}

/** One order (an object or a one-element array) gets CartRover's bare create body; several get a batch answer. */
function createOrders(state: SandboxState, context: RouteContext): ApiAnswer {
  const { entries } = entriesOf(context.body);
  if (entries.length === 1) return successWithoutWrapper(createOne(state, entries[0], context));
  return batchAnswer(entries.map((raw) => runEntry(custRefOf(raw) ?? null, () => createOne(state, raw, context))));
}

function cancelOne(state: SandboxState, raw: unknown, now: number): Record<string, unknown> {
  const custRef = custRefOf(raw);
  if (custRef === undefined) throw new ApiError('Invalid', 'Cancel request missing required field(s): cust_ref');
  state.orders.cancel(custRef, now, state.cancelWindowMs);
  return { cust_ref: custRef };
}

/** `{cust_ref}` answers `{success_code:true}`; an array of several answers per entry. */
function cancelOrders(state: SandboxState, { body, now }: RouteContext): ApiAnswer {
  const { entries } = entriesOf(body);
  if (entries.length === 1) {
    cancelOne(state, entries[0], now);
    return success();
  }
  return batchAnswer(entries.map((raw) => runEntry(custRefOf(raw) ?? null, () => cancelOne(state, raw, now))));
}

export function cartOrderWriteRoutes(state: SandboxState, cartLevels: readonly SandboxUser['level'][]): RouteDefinition[] {
  const cancel = (context: RouteContext): ApiAnswer => cancelOrders(state, context);
  return [
    {
      method: 'POST',
      path: '/v1/cart/orders/cartrover',
      levels: cartLevels,
      rateLimited: false, // "New Order is not rate limited" (reference §7)
      handle: (context) => createOrders(state, context),
      onArrival: (body) => {
        for (const raw of Array.isArray(body) ? body : [body]) {
          const custRef = custRefOf(raw);
          if (custRef !== undefined) state.counters.recordCreateAttempt(custRef);
        }
      },
    },
    {
      method: 'POST',
      path: '/v1/cart/orders/update/{cust_ref}',
      levels: cartLevels,
      rateLimited: true,
      handle: ({ params, body, now }) => {
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('Invalid', 'The request body must be a JSON object');
        const { order_status, shipments } = body as Record<string, unknown>;
        state.orders.update(params.cust_ref, order_status, shipments, now);
        return success();
      },
    },
    // C3's path and the older C1 path; same behaviour.
    { method: 'POST', path: '/v1/cart/orders/cancel', levels: cartLevels, rateLimited: true, handle: cancel },
    { method: 'POST', path: '/v1/cart/orders/cancel/cartrover', levels: cartLevels, rateLimited: true, handle: cancel },
    {
      method: 'GET',
      path: '/v1/cart/orders/wms_cancel/{cust_ref}',
      levels: cartLevels,
      rateLimited: true,
      handle: ({ params, now }) => {
        state.orders.cancel(params.cust_ref, now, state.cancelWindowMs);
        return success({ success: true, message: '' });
      },
    },
  ];
}
