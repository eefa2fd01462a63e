/** The Redis backend of the concurrency pools (pools shared by processes and machines). */
export { RedisPoolRegistry } from './redis-pool-registry';
export {
  DEFAULT_LEASE_TTL_MS,
  DEFAULT_LOCAL_SLICE_MS,
  MAX_HOLDS_PER_SLICE,
  DEFAULT_REDIS_KEY_PREFIX,
  type RedisPoolRegistryOptions,
} from './redis-pool-settings';
