import { REDIS_KEY_PREFIX_SETTING, REDIS_POOL_PARTICIPANT_SETTING, REDIS_POOL_SLICE_MS_SETTING, REDIS_URL_SETTING, type Clock, type HostConfiguration, type Logger, type PoolRegistry } from '../contracts';
import { InProcessPoolRegistry } from './in-process-pool-registry';
import type * as RedisBackend from './redis';

// The setting names live in the contract; re-exported where they were first defined.
export { REDIS_KEY_PREFIX_SETTING, REDIS_POOL_SLICE_MS_SETTING };

/**
 * The backend the plugin binds when the host brings no PoolRegistry of its own: pools shared
 * through Redis when the host configuration names `REDIS_URL`, else pools of this process (the
 * embedded default). The Redis registry connects at once; if Redis cannot be reached, its first
 * call (the host's pool sync) fails with an error naming the URL, and a host may wait for
 * `whenReady()` to refuse to start.
 */
export function createPoolRegistry(configuration: HostConfiguration | undefined, logger: Logger | undefined, clock: Clock | undefined): PoolRegistry {
  const url = configuration?.get(REDIS_URL_SETTING)?.trim();
  if (!url) return new InProcessPoolRegistry();
  // The plugin's fallback services bind one when the host has none.
  if (!clock) throw new Error('Shared concurrency pools on Redis need the Clock service (TOKENS.Clock), which nothing bound');
  const keyPrefix = configuration?.get(REDIS_KEY_PREFIX_SETTING)?.trim() || undefined;
  const localSliceMs = sliceSetting(configuration?.get(REDIS_POOL_SLICE_MS_SETTING));
  // Loaded only when configured: node-redis adds ~100 ms to the start of every process that loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RedisPoolRegistry } = require('./redis') as typeof RedisBackend;
  const participantId = configuration?.get(REDIS_POOL_PARTICIPANT_SETTING)?.trim() || undefined;
  return new RedisPoolRegistry({ url, clock, keyPrefix, logger, localSliceMs, participantId });
}

function sliceSetting(raw: string | undefined): number | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 3000) {
    throw new RangeError(`${REDIS_POOL_SLICE_MS_SETTING} must be a whole number of milliseconds from 0 (strict FIFO) to 3000, got "${text}"`);
  }
  return value;
}
