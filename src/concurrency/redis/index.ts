/** The Redis backend of the concurrency pools (pools shared by processes and machines). */
export {
  DEFAULT_LEASE_TTL_MS,
  DEFAULT_LOCAL_SLICE_MS,
  MAX_HOLDS_PER_SLICE,
  DEFAULT_REDIS_KEY_PREFIX,
  RedisPoolRegistry,
  type RedisPoolRegistryOptions,
} from './redis-pool-registry';
export { redactRedisUrl } from './redis-connection';
