/** The CartRover API client: the public surface other parts of the plugin use. */
export { CartRoverClient } from './cartrover-client';
export type { PingOptions, PingResult } from './cartrover-client';
export { CartRoverError, isCartRoverError } from './cartrover-error';
export type { CartRoverErrorDetails, CartRoverErrorKind } from './cartrover-error';
export { CircuitBreakerRegistry } from './circuit-breaker-registry';
export { CIRCUIT_OPEN_CODE, ConnectionCircuit, DEFAULT_CIRCUIT } from './connection-circuit';
export type { CircuitOptions, CircuitState } from './connection-circuit';
export { RateLimitPacerRegistry } from './rate-limit-pacer-registry';
export type { RateLimitPacerRegistryOptions } from './rate-limit-pacer-registry';
export type { RateLimitPacer } from './rate-limit-pacer';
export type { BucketOptions } from './bucket-options';
export type { CallOptions, CartRoverClientOptions, RequestHook, RequestHookInfo, RetryOptions } from './client-options';
export type { CartRoverCredentials, CredentialsProvider } from './credentials';
export { CONNECTOR_VERSION, USER_AGENT } from './connector-version';
export type { ApiLevel, NumericValue, YesNo } from './api-level';
export type {
  CancelOrderResult,
  CartRoverOrder,
  CartRoverOrderItem,
  CartRoverOrderStatus,
  CartRoverShipment,
  CartRoverShipmentItem,
  CreateOrderInput,
  CreateOrderItem,
  CreateOrderOutcome,
  GetOrderParams,
  ListOrdersParams,
  OrderIncludeFlags,
  OrderStatusFilter,
  OrderStatusParams,
  OrderUpdate,
} from './order-types';
export type { CartRoverInventoryItem, CartRoverWarehouseStock, InventoryAliases, ListInventoryParams } from './inventory-types';
export type { CartRoverProduct, CartRoverProductAlias } from './product-types';
export type { CartRoverShipMethod } from './ship-method-types';
