import type { Logger } from '../contracts';
import { abortableSleep } from './abort-handling';
import { CartRoverError } from './cartrover-error';
import { CIRCUIT_OPEN_CODE } from './connection-circuit';
import type { CartRoverOrder, CreateOrderInput, CreateOrderOutcome } from './order-types';
import type { RequestRunner } from './request-runner';

export const CREATE_ORDER_PATH = '/v1/cart/orders/cartrover';

/** Failures after which the order may or may not exist: the request may have been processed. */
const UNKNOWN_OUTCOME_KINDS = new Set(['network', 'timeout', 'server']);

export interface OrderCreationDeps {
  readonly runner: RequestRunner;
  readonly maxAttempts: number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly logger: Logger;
  /** Reads an order at cart level; rejects with a `not_found` CartRoverError when there is none. */
  readonly readBack: (custRef: string, signal?: AbortSignal) => Promise<CartRoverOrder>;
}

/**
 * Creates an order without ever creating it twice. Creation is idempotent by `cust_ref`, so:
 * - a duplicate answer means the order exists: outcome `exists`, not an error;
 * - a failure the server surely did not act on (RateLimit, connection refused) is sent again;
 * - a failure with an unknown outcome (network, timeout, 5xx) is settled by reading the order
 *   back: found means created, not found means it is safe to send again (bounded by maxAttempts).
 * A duplicate after one of our own unknown-outcome attempts means that attempt landed: `created`.
 */
export async function createOrderOnce(
  deps: OrderCreationDeps,
  order: CreateOrderInput,
  signal?: AbortSignal,
): Promise<CreateOrderOutcome> {
  const custRef = typeof order?.cust_ref === 'string' ? order.cust_ref.trim() : '';
  if (custRef === '') {
    throw new CartRoverError({ kind: 'config', message: 'An order needs a cust_ref to be created (it is its idempotency key).' });
  }
  let earlierAttemptUnknown = false;

  for (let attempt = 1; ; attempt += 1) {
    let failure: CartRoverError;
    try {
      const result = await deps.runner.run({
        method: 'POST',
        pathWithQuery: CREATE_ORDER_PATH,
        body: order,
        signal,
        paced: false, // create-order is exempt from CartRover's rate limit
        retry: 'none', // this function decides what is safe to send again
      });
      const orderNumber = result.body.order_number;
      return { outcome: 'created', custRef, orderNumber: orderNumber === undefined || orderNumber === null ? undefined : String(orderNumber) };
    } catch (error) {
      if (!(error instanceof CartRoverError)) throw error;
      failure = error.with({ attempts: attempt });
    }

    if (failure.kind === 'conflict') {
      return earlierAttemptUnknown ? { outcome: 'created', custRef, confirmedByReadBack: false } : { outcome: 'exists', custRef };
    }
    const lastAttempt = attempt >= deps.maxAttempts;
    // Refused by the open circuit: not sent, so the outcome is known (not created) and it is not retried.
    if (failure.networkCode === CIRCUIT_OPEN_CODE) throw failure;
    if (failure.notProcessed) {
      if (lastAttempt) throw failure;
      await abortableSleep(deps.sleep, deps.runner.retryDelay(failure, attempt), signal);
      continue;
    }
    if (!UNKNOWN_OUTCOME_KINDS.has(failure.kind)) throw failure;

    deps.logger.debug('CartRover create-order outcome unknown; reading the order back', {
      custRef,
      attempt,
      kind: failure.kind,
      processId: failure.processId,
    });
    // Give a slow server time to finish what it may still be processing.
    await abortableSleep(deps.sleep, deps.runner.retryDelay(failure, attempt), signal);
    let found: CartRoverOrder;
    try {
      found = await deps.readBack(custRef, signal);
    } catch (readError) {
      if (!(readError instanceof CartRoverError)) throw readError;
      if (readError.kind === 'aborted') throw readError;
      if (readError.kind !== 'not_found') {
        throw failure.with({
          message: `${failure.message} Whether order ${custRef} was created is unknown: reading it back failed too (${readError.message}).`,
        });
      }
      if (lastAttempt) throw failure.with({ message: `${failure.message} Order ${custRef} was not created.` });
      earlierAttemptUnknown = true;
      continue;
    }
    const orderNumber = found.order_number ?? found.cust_po_no;
    return {
      outcome: 'created',
      custRef,
      orderNumber: typeof orderNumber === 'string' && orderNumber !== '' ? orderNumber : undefined,
      confirmedByReadBack: true,
    };
  }
}
