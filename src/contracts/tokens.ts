/**
 * Contribution points and host services, as global symbols so that a host and a plugin built
 * separately (two copies of this file) still meet on the same token.
 *
 * Contribution points are multi-bound by plugins with `toService` and collected by the host with
 * `getAll`; never `rebind` them (that would drop every other plugin's binding).
 * Host services are bound by the host; a plugin binds a default only where `isBound` is false.
 */
export const TOKENS = {
  /** Multi-bound: one {@link AppContribution} per app a plugin contributes. */
  AppContribution: Symbol.for('integration-host/contribution/app'),
  /** Host service: structured {@link Logger}. */
  Logger: Symbol.for('integration-host/service/logger'),
  /** Host service: {@link ConnectionDirectory}, the stored connections. */
  ConnectionDirectory: Symbol.for('integration-host/service/connection-directory'),
  /** Host service: {@link Clock}. */
  Clock: Symbol.for('integration-host/service/clock'),
  /** Service: {@link PoolRegistry}; the plugin binds the in-process one when the host has none. */
  PoolRegistry: Symbol.for('integration-host/service/pool-registry'),
  /** Host service: {@link HostConfiguration}, settings such as `CARTROVER_BASE_URL`. */
  HostConfiguration: Symbol.for('integration-host/service/configuration'),
} as const;
