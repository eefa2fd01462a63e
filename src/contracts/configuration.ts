/**
 * Host settings a plugin may read (a plugin names its own, e.g. where its requests go). Settings
 * that decide where credentials are sent belong here, never in a user-editable connection form.
 */
export interface HostConfiguration {
  /** A setting by name, e.g. {@link REDIS_URL_SETTING} or one of the plugin's own; undefined when unset. */
  get(key: string): string | undefined;
}

/*
 * The shared-pool settings are part of the contract, not one plugin's: hosts set them (the
 * reference host reads REDIS_URL itself to let several hosts share one data folder, and names its
 * REDIS_POOL_PARTICIPANT; the CLI and Node-RED pass REDIS_URL through), and a plugin whose pools
 * are its own (no host-bound PoolRegistry) shares them through that Redis.
 */

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
