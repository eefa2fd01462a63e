import type { Logger } from '../contracts';
import { CartRoverError } from './cartrover-error';
import { CIRCUIT_OPEN_CODE } from './connection-circuit';
import type { CartRoverOrder, CreateOrderInput, CreateOrderOutcome } from './order-types';
import type { NextStep, RequestRunner, RetryStrategy, SettleContext } from './request-runner';
import type { WireSuccess } from './wire-client';

export const CREATE_ORDER_PATH = '/v1/cart/orders/cartrover';

/** Failures after which the order may or may not exist: the request may have been processed. */
const UNKNOWN_OUTCOME_KINDS = new Set(['network', 'timeout', 'server']);

export interface OrderCreationDeps {
  readonly runner: RequestRunner;
  readonly logger: Logger;
  /**
   * Reads an order at cart level by the create's deadline; rejects with a `not_found`
   * CartRoverError when there is none.
   */
  readonly readBack: (custRef: string, signal: AbortSignal | undefined, deadlineAt: number) => Promise<CartRoverOrder>;
}

/**
 * Creates an order without ever creating it twice. Creation is idempotent by `cust_ref`, so:
 * - a duplicate answer means the order exists: outcome `exists`, not an error;
 * - a failure the server surely did not act on (RateLimit, connection refused) is sent again;
 * - a failure with an unknown outcome (network, timeout, 5xx) is settled by reading the order
 *   back: found means created, not found means it is safe to send again (bounded by maxAttempts).
 * A duplicate after one of our own unknown-outcome attempts means that attempt landed: `created`.
 *
 * The request runner's loop does the waiting and counting: the whole create, its attempts, waits
 * and read-backs, ends by the call's one deadline (`retry.maxTotalMs`).
 */
export function createOrderOnce(deps: OrderCreationDeps, order: CreateOrderInput, signal?: AbortSignal): Promise<CreateOrderOutcome> {
  const custRef = typeof order?.cust_ref === 'string' ? order.cust_ref.trim() : '';
  if (custRef === '') {
    return Promise.reject(new CartRoverError({ kind: 'config', message: 'An order needs a cust_ref to be created (it is its idempotency key).' }));
  }
  return deps.runner.runWith(
    {
      method: 'POST',
      pathWithQuery: CREATE_ORDER_PATH,
      body: order,
      signal,
      paced: false, // create-order is exempt from CartRover's rate limit
      retry: 'none', // the strategy below decides what is safe to send again
    },
    new CreateOnceStrategy(deps, custRef),
  );
}

/** The create's retry rules, for the runner's loop. */
class CreateOnceStrategy implements RetryStrategy<CreateOrderOutcome> {
  /** One of our attempts may have landed (its outcome was unknown, the read-back did not find it yet). */
  #earlierAttemptUnknown = false;

  constructor(
    private readonly deps: OrderCreationDeps,
    private readonly custRef: string,
  ) {}

  succeeded(result: WireSuccess): CreateOrderOutcome {
    const orderNumber = result.body.order_number;
    return { outcome: 'created', custRef: this.custRef, orderNumber: orderNumber === undefined || orderNumber === null ? undefined : String(orderNumber) };
  }

  failed(failure: CartRoverError, attempt: number): NextStep<CreateOrderOutcome> {
    const custRef = this.custRef;
    if (failure.kind === 'conflict') {
      return { next: 'done', value: this.#earlierAttemptUnknown ? { outcome: 'created', custRef, confirmedByReadBack: false } : { outcome: 'exists', custRef } };
    }
    // Refused by the open circuit: not sent, so the outcome is known (not created) and it is not retried.
    if (failure.networkCode === CIRCUIT_OPEN_CODE) return { next: 'give-up' };
    if (failure.notProcessed) return { next: 'retry' };
    if (!UNKNOWN_OUTCOME_KINDS.has(failure.kind)) return { next: 'give-up' };
    this.deps.logger.debug('CartRover create-order outcome unknown; reading the order back', { custRef, attempt, kind: failure.kind, processId: failure.processId });
    // The runner waits first: a slow server gets time to finish what it may still be processing.
    return { next: 'settle' };
  }

  async settle(failure: CartRoverError, context: SettleContext): Promise<NextStep<CreateOrderOutcome>> {
    const custRef = this.custRef;
    let found: CartRoverOrder;
    try {
      found = await this.deps.readBack(custRef, context.signal, context.deadlineAt);
    } catch (readError) {
      if (!(readError instanceof CartRoverError)) throw readError;
      if (readError.kind === 'aborted') return { next: 'give-up', error: readError };
      if (readError.kind !== 'not_found') {
        return {
          next: 'give-up',
          error: failure.with({ message: `${failure.message} Whether order ${custRef} was created is unknown: reading it back failed too (${readError.message}).` }),
        };
      }
      if (context.lastAttempt) return { next: 'give-up', error: failure.with({ message: `${failure.message} Order ${custRef} was not created.` }) };
      this.#earlierAttemptUnknown = true;
      return { next: 'retry' };
    }
    const orderNumber = found.order_number ?? found.cust_po_no;
    return {
      next: 'done',
      value: { outcome: 'created', custRef, orderNumber: typeof orderNumber === 'string' && orderNumber !== '' ? orderNumber : undefined, confirmedByReadBack: true },
    };
  }

  outOfTime(failure: CartRoverError): CartRoverError {
    if (!UNKNOWN_OUTCOME_KINDS.has(failure.kind) && !this.#earlierAttemptUnknown) return failure;
    return failure.with({
      message: `${failure.message} Whether order ${this.custRef} was created is unknown: the call's deadline came before it could be read back.`,
    });
  }
}
