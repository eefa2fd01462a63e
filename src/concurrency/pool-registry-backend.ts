import { REDIS_URL_SETTING, type HostConfiguration, type Logger, type PoolRegistry } from '../contracts';
import { InProcessPoolRegistry } from './in-process-pool-registry';
import type * as RedisBackend from './redis';

/** Host setting: the key prefix of the shared pools (processes that share pools use the same one). */
export const REDIS_KEY_PREFIX_SETTING = 'REDIS_KEY_PREFIX';

/**
 * The backend the plugin binds when the host brings no PoolRegistry of its own: pools shared
 * through Redis when the host configuration names `REDIS_URL`, else pools of this process (the
 * embedded default). The Redis registry connects at once; if Redis cannot be reached, its first
 * call (the host's pool sync) fails with an error naming the URL, and a host may wait for
 * `whenReady()` to refuse to start.
 */
export function createPoolRegistry(configuration: HostConfiguration | undefined, logger?: Logger): PoolRegistry {
  const url = configuration?.get(REDIS_URL_SETTING)?.trim();
  if (!url) return new InProcessPoolRegistry();
  const keyPrefix = configuration?.get(REDIS_KEY_PREFIX_SETTING)?.trim() || undefined;
  // Loaded only when configured: node-redis adds ~100 ms to the start of every process that loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RedisPoolRegistry } = require('./redis') as typeof RedisBackend;
  return new RedisPoolRegistry({ url, keyPrefix, logger });
}
