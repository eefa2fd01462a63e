/**
 * Host settings a plugin may read (for example `CARTROVER_BASE_URL`). Settings that decide where
 * credentials are sent belong here, never in a user-editable connection form.
 */
export interface HostConfiguration {
  /** A setting by name, e.g. `CARTROVER_BASE_URL` or {@link REDIS_URL_SETTING}; undefined when unset. */
  get(key: string): string | undefined;
}

/** Setting: where CartRover requests go (default `https://api.cartrover.com`; the sandbox's URL in tests). */
export const CARTROVER_BASE_URL_SETTING = 'CARTROVER_BASE_URL';
/** Setting: one request's timeout in ms (a positive number; default 30 s). */
export const CARTROVER_TIMEOUT_MS_SETTING = 'CARTROVER_TIMEOUT_MS';
/** Setting: unanswered requests in a row (at least) that open a connection's circuit breaker (default 3). */
export const CARTROVER_BREAKER_FAILURES_SETTING = 'CARTROVER_BREAKER_FAILURES';
/** Setting: ms an open circuit waits before one request probes (default 10 s). */
export const CARTROVER_BREAKER_HALF_OPEN_MS_SETTING = 'CARTROVER_BREAKER_HALF_OPEN_MS';

/**
 * Setting: `redis://host:port` of a Redis through which the plugin's concurrency pools are shared
 * by every process that names it (unset: pools of this process only). Ignored when the host binds
 * its own PoolRegistry.
 */
export const REDIS_URL_SETTING = 'REDIS_URL';
/** Setting: the key prefix of the shared pools (processes that share pools use the same one). */
export const REDIS_KEY_PREFIX_SETTING = 'REDIS_KEY_PREFIX';
/** Setting: a Redis permit's time slice in ms (0: strict FIFO across processes). */
export const REDIS_POOL_SLICE_MS_SETTING = 'REDIS_POOL_SLICE_MS';
/**
 * Setting: who declares this process's pool levels on Redis (a pool's level in effect is the lowest
 * declared by a live participant). Processes that read their levels from one configuration, such
 * as the hosts of one data folder, name the same participant; unset: this process alone.
 */
export const REDIS_POOL_PARTICIPANT_SETTING = 'REDIS_POOL_PARTICIPANT';

/** Every setting the plugin reads from {@link HostConfiguration}, by name. */
export const SETTINGS = {
  CARTROVER_BASE_URL: CARTROVER_BASE_URL_SETTING,
  CARTROVER_TIMEOUT_MS: CARTROVER_TIMEOUT_MS_SETTING,
  CARTROVER_BREAKER_FAILURES: CARTROVER_BREAKER_FAILURES_SETTING,
  CARTROVER_BREAKER_HALF_OPEN_MS: CARTROVER_BREAKER_HALF_OPEN_MS_SETTING,
  REDIS_URL: REDIS_URL_SETTING,
  REDIS_KEY_PREFIX: REDIS_KEY_PREFIX_SETTING,
  REDIS_POOL_SLICE_MS: REDIS_POOL_SLICE_MS_SETTING,
  REDIS_POOL_PARTICIPANT: REDIS_POOL_PARTICIPANT_SETTING,
} as const;

/** The name of a setting the plugin reads. */
export type SettingName = (typeof SETTINGS)[keyof typeof SETTINGS];
