/** Concurrency pools: the in-process registry, the request hook and the feature binding. */
export { bindConcurrencyFeature } from './concurrency-feature';
export { ConnectionPools, type ConnectionPoolsOptions } from './connection-pools';
export { runHoldingPermit } from './held-permits';
export { InProcessPoolRegistry, type InProcessPoolRegistryOptions } from './in-process-pool-registry';
export { isPoolError, PoolError } from './pool-error';
// The Redis backend is imported from './redis' directly (it loads node-redis; see pool-registry-backend).
export type { RedisPoolRegistry, RedisPoolRegistryOptions } from './redis';
export {
  createPoolRequestHook,
  type PoolRequestHookOptions,
  type RequestAttemptInfo,
  type RequestHook,
} from './pool-request-hook';
