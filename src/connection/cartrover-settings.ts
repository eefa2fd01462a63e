import { REDIS_KEY_PREFIX_SETTING, REDIS_POOL_PARTICIPANT_SETTING, REDIS_POOL_SLICE_MS_SETTING, REDIS_URL_SETTING } from '../contracts';

/*
 * The CartRover plugin's own settings, read from the host's HostConfiguration: they are this
 * plugin's, not the host<->plugin contract's (which names only the shared-pool settings). Hosts get
 * them from the package entry (`SETTINGS`).
 */

/** Setting: where CartRover requests go (default `https://api.cartrover.com`; the sandbox's URL in tests). */
export const CARTROVER_BASE_URL_SETTING = 'CARTROVER_BASE_URL';
/** Setting: one request's timeout in ms (a positive number; default 30 s). */
export const CARTROVER_TIMEOUT_MS_SETTING = 'CARTROVER_TIMEOUT_MS';
/** Setting: unanswered requests in a row (at least) that open a connection's circuit breaker (default 3). */
export const CARTROVER_BREAKER_FAILURES_SETTING = 'CARTROVER_BREAKER_FAILURES';
/** Setting: ms an open circuit waits before one request probes (default 10 s). */
export const CARTROVER_BREAKER_HALF_OPEN_MS_SETTING = 'CARTROVER_BREAKER_HALF_OPEN_MS';

/** Every setting the plugin reads from the host's `HostConfiguration`, by name: its own and the contract's shared-pool ones. */
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
