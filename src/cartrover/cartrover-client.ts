import type { ApiLevel } from './api-level';
import { CartRoverError } from './cartrover-error';
import type { BucketOptions } from './bucket-options';
import { resolveBucket } from './bucket-options';
import type { CallOptions, CartRoverClientOptions } from './client-options';
import { DEFAULT_TIMEOUT_MS, resolveRetryOptions } from './client-options';
import type { CartRoverInventoryItem, ListInventoryParams } from './inventory-types';
import { createOrderOnce } from './order-creation';
import type {
  CancelOrderResult,
  CartRoverOrder,
  CartRoverOrderStatus,
  CreateOrderInput,
  CreateOrderOutcome,
  GetOrderParams,
  ListOrdersParams,
  OrderIncludeFlags,
  OrderStatusParams,
  OrderUpdate,
} from './order-types';
import { MAX_PAGE_SIZE, checkPaging, paginate } from './pagination';
import type { CartRoverProduct } from './product-types';
import type { QueryValue } from './query-string';
import { buildQueryString } from './query-string';
import { RateLimitPacerRegistry } from './rate-limit-pacer-registry';
import { RequestRunner } from './request-runner';
import type { RunRequest } from './request-runner';
import { responseArray, responseObject } from './response-shape';
import type { CartRoverShipMethod } from './ship-method-types';
import { silentLogger } from '../fallback-services/silent-logger';
import type { WireSuccess } from './wire-client';
import { WireClient, normaliseBaseUrl } from './wire-client';

export interface PingOptions extends CallOptions {
  /** Overrides the client's timeout for this one request. */
  readonly timeoutMs?: number;
}

export interface PingResult {
  readonly processId?: string;
  readonly latencyMs: number;
}

const ORDER_STATUSES = new Set([
  'new', 'at_wms', 'partial', 'shipped', 'confirmed', 'error', 'canceled', 'new_or_at_wms', 'shipped_or_confirmed', 'any',
]);

/**
 * CartRover API client: HTTP Basic, JSON envelope, typed errors, retries of idempotent reads,
 * rate-limit pacing per API user, idempotent order creation. One instance per connection.
 */
export class CartRoverClient {
  private readonly runner: RequestRunner;
  private readonly options: CartRoverClientOptions;

  constructor(options: CartRoverClientOptions) {
    this.options = options;
    const baseUrl = normaliseBaseUrl(options.baseUrl);
    if (typeof options.credentials !== 'function') {
      throw new CartRoverError({ kind: 'config', message: 'CartRover credentials must be given as a callback.' });
    }
    const clock = options.clock;
    const logger = options.logger ?? silentLogger;
    const bucketOverride: BucketOptions | undefined = options.bucket ? resolveBucket(options.bucket) : undefined;
    const pacers =
      options.pacer === false ? undefined : (options.pacer ?? new RateLimitPacerRegistry({ bucket: bucketOverride, clock }));
    const retry = resolveRetryOptions(options.retry);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError('timeoutMs must be positive');

    const wire = new WireClient({
      baseUrl,
      logger,
      clock,
      observe: (apiUser, facts, failure) =>
        pacers?.record(apiUser, { hitsRemaining: facts.hitsRemaining, rateLimited: failure?.kind === 'rate_limit' }, bucketOverride),
    });
    this.runner = new RequestRunner({
      wire,
      credentials: options.credentials,
      hook: options.requestHook,
      ...(options.circuit ? { circuit: options.circuit } : {}),
      retry,
      pacers,
      bucketOverride,
      timeoutMs,
      clock,
      logger,
    });
  }

  // ---- orders ----

  /** One page of `GET /v1/{level}/orders/list/{status}`. */
  async listOrders(params: ListOrdersParams, opts?: CallOptions): Promise<CartRoverOrder[]> {
    checkPaging(params.limit, params.page);
    const level = checkLevel(params.level ?? 'merchant');
    if (!ORDER_STATUSES.has(params.status)) {
      throw new CartRoverError({ kind: 'config', message: `Unknown order status filter '${String(params.status)}'.` });
    }
    const path = `/v1/${level}/orders/list/${encodeURIComponent(params.status)}`;
    const query = buildQueryString({
      from_date: isoDate(params.fromDate),
      to_date: isoDate(params.toDate),
      limit: params.limit,
      page: params.page,
      order_source: params.orderSource,
      ...includeFlags(params),
    });
    return responseArray<CartRoverOrder>(await this.read(path + query, opts), { method: 'GET', path });
  }

  /** Every order of a status/date window, page by page (limit 100 unless given). */
  iterateOrders(params: ListOrdersParams, opts?: CallOptions): AsyncGenerator<CartRoverOrder, void, undefined> {
    return paginate(
      (page, limit) => this.listOrders({ ...params, page, limit }, opts),
      params.page ?? 1,
      params.limit ?? MAX_PAGE_SIZE,
    );
  }

  /** `GET /v1/{level}/orders/{cust_ref}`; a missing order is a `not_found` CartRoverError. */
  getOrder(custRef: string, params: GetOrderParams, opts?: CallOptions): Promise<CartRoverOrder> {
    return this.readOrder(custRef, params, opts?.signal);
  }

  /** `GET /v1/{level}/orders/status/{cust_ref}`: status and tracking. */
  async getOrderStatus(custRef: string, params: OrderStatusParams, opts?: CallOptions): Promise<CartRoverOrderStatus> {
    const path = `/v1/${checkLevel(params.level)}/orders/status/${pathSegment(custRef, 'cust_ref')}`;
    return responseObject<CartRoverOrderStatus>(await this.read(path, opts), { method: 'GET', path });
  }

  /**
   * `POST /v1/cart/orders/cartrover` (cart keys). Never creates an order twice: see
   * createOrderOnce. A duplicate cust_ref is `{ outcome: 'exists' }`, not an error.
   */
  createOrder(order: CreateOrderInput, opts?: CallOptions): Promise<CreateOrderOutcome> {
    return createOrderOnce(
      {
        runner: this.runner,
        logger: this.options.logger ?? silentLogger,
        readBack: (custRef, signal, deadlineAt) => this.readOrder(custRef, { level: 'cart' }, signal, deadlineAt),
      },
      order,
      opts?.signal,
    );
  }

  /** `POST /v1/cart/orders/update/{cust_ref}`, e.g. to `confirmed` with tracking numbers. */
  async updateOrder(custRef: string, update: OrderUpdate, opts?: CallOptions): Promise<void> {
    const path = `/v1/cart/orders/update/${pathSegment(custRef, 'cust_ref')}`;
    if (typeof update?.order_status !== 'string' || update.order_status === '') {
      throw new CartRoverError({ kind: 'config', message: 'An order update needs an order_status.' });
    }
    await this.call({ method: 'POST', pathWithQuery: path, body: update, signal: opts?.signal, paced: true, retry: 'unprocessed' });
  }

  /**
   * `GET /v1/cart/orders/wms_cancel/{cust_ref}`. A refusal (`success: false`, e.g. too late) is a
   * `rejected` CartRoverError carrying CartRover's message.
   */
  async cancelOrder(custRef: string, opts?: CallOptions): Promise<CancelOrderResult> {
    const path = `/v1/cart/orders/wms_cancel/${pathSegment(custRef, 'cust_ref')}`;
    const result = await this.call({ method: 'GET', pathWithQuery: path, signal: opts?.signal, paced: true, retry: 'unprocessed' });
    const response = result.body.response;
    const answer = response !== null && typeof response === 'object' ? (response as Record<string, unknown>) : {};
    const message = typeof answer.message === 'string' && answer.message !== '' ? answer.message : undefined;
    if (answer.success === false) {
      throw new CartRoverError({
        kind: 'rejected',
        message: message ?? `CartRover did not cancel order ${custRef}.`,
        processId: result.processId,
        method: 'GET',
        path,
      });
    }
    return message === undefined ? { success: true } : { success: true, message };
  }

  // ---- inventory, products, ship methods ----

  /** One page of `GET /v1/merchant/inventory`. */
  async listInventory(params: ListInventoryParams = {}, opts?: CallOptions): Promise<CartRoverInventoryItem[]> {
    checkPaging(params.limit, params.page);
    const path = '/v1/merchant/inventory';
    const query = buildQueryString({ limit: params.limit, page: params.page });
    return responseArray<CartRoverInventoryItem>(await this.read(path + query, opts), { method: 'GET', path });
  }

  iterateInventory(params: ListInventoryParams = {}, opts?: CallOptions): AsyncGenerator<CartRoverInventoryItem, void, undefined> {
    return paginate((page, limit) => this.listInventory({ page, limit }, opts), params.page ?? 1, params.limit ?? MAX_PAGE_SIZE);
  }

  /** `GET /v1/merchant/inventory/{sku}`. */
  async getInventory(sku: string, opts?: CallOptions): Promise<CartRoverInventoryItem> {
    const path = `/v1/merchant/inventory/${pathSegment(sku, 'sku')}`;
    return responseObject<CartRoverInventoryItem>(await this.read(path, opts), { method: 'GET', path });
  }

  /** `GET /v1/merchant/product/{sku}`. */
  async getProduct(sku: string, opts?: CallOptions): Promise<CartRoverProduct> {
    const path = `/v1/merchant/product/${pathSegment(sku, 'sku')}`;
    return responseObject<CartRoverProduct>(await this.read(path, opts), { method: 'GET', path });
  }

  /** `GET /v1/wms/shipmethod/list`. */
  async listShipMethods(opts?: CallOptions): Promise<CartRoverShipMethod[]> {
    const path = '/v1/wms/shipmethod/list';
    return responseArray<CartRoverShipMethod>(await this.read(path, opts), { method: 'GET', path });
  }

  // ---- connection test ----

  /**
   * "Test connection" as integrator.io does it: `GET /v1/merchant/inventory?limit=1`, one attempt,
   * no pacing wait. The ping sends no data, so an `Invalid` answer means the credentials.
   */
  async ping(opts: PingOptions = {}): Promise<PingResult> {
    try {
      const result = await this.call({
        method: 'GET',
        pathWithQuery: '/v1/merchant/inventory?limit=1',
        signal: opts.signal,
        timeoutMs: opts.timeoutMs,
        paced: false,
        retry: 'none',
      });
      return result.processId === undefined ? { latencyMs: result.latencyMs } : { processId: result.processId, latencyMs: result.latencyMs };
    } catch (error) {
      if (error instanceof CartRoverError && error.errorCode === 'Invalid' && error.kind !== 'auth') throw error.with({ kind: 'auth' });
      throw error;
    }
  }

  private read(pathWithQuery: string, opts: CallOptions | undefined, deadlineAt?: number): Promise<WireSuccess> {
    return this.call({ method: 'GET', pathWithQuery, signal: opts?.signal, paced: true, retry: 'reads', deadlineAt });
  }

  /** One order; `deadlineAt` when read on behalf of another call (a create's read-back ends by the create's deadline). */
  private async readOrder(custRef: string, params: GetOrderParams, signal: AbortSignal | undefined, deadlineAt?: number): Promise<CartRoverOrder> {
    const path = `/v1/${checkLevel(params.level)}/orders/${pathSegment(custRef, 'cust_ref')}`;
    const query = buildQueryString(includeFlags(params));
    return responseObject<CartRoverOrder>(await this.read(path + query, { signal }, deadlineAt), { method: 'GET', path });
  }

  private call(request: RunRequest): Promise<WireSuccess> {
    return this.runner.run(request);
  }
}

function checkLevel(level: ApiLevel): ApiLevel {
  if (level !== 'merchant' && level !== 'cart') {
    throw new CartRoverError({ kind: 'config', message: `Unknown CartRover API level '${String(level)}' (use 'merchant' or 'cart').` });
  }
  return level;
}

function pathSegment(value: string, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CartRoverError({ kind: 'config', message: `A ${name} is required.` });
  }
  return encodeURIComponent(value);
}

/** CartRover wants ISO 8601 with a timezone; a Date is sent in UTC. */
function isoDate(value: string | Date | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CartRoverError({ kind: 'config', message: 'Invalid date in the order list filter.' });
    return value.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  }
  return value;
}

function includeFlags(flags: OrderIncludeFlags): Record<string, QueryValue> {
  return {
    include_filtered_items: flags.includeFilteredItems,
    include_order_extras: flags.includeOrderExtras,
    include_line_extras: flags.includeLineExtras,
    include_aliases: flags.includeAliases,
  };
}
