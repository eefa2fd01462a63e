/**
 * Host settings a plugin may read (for example `CARTROVER_BASE_URL`). Settings that decide where
 * credentials are sent belong here, never in a user-editable connection form.
 */
export interface HostConfiguration {
  /** A setting by name, e.g. `CARTROVER_BASE_URL` or {@link REDIS_URL_SETTING}; undefined when unset. */
  get(key: string): string | undefined;
}

/**
 * Setting: `redis://host:port` of a Redis through which the plugin's concurrency pools are shared
 * by every process that names it (unset: pools of this process only). Ignored when the host binds
 * its own PoolRegistry.
 */
export const REDIS_URL_SETTING = 'REDIS_URL';
