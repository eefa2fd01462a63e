/** The reference host's public surface (the CLI and tests use these). */
export { Host } from './host';
export type { HostOptions, ListenOptions } from './host-options';
export { createHostContainer } from './host-container';
export type { HostContainer } from './host-container';
export { StaticHostConfiguration } from './configuration/static-host-configuration';
export { PinoLogger, createPinoInstance } from './logging/pino-logger';
export { SystemClock } from './system-clock';
export { MasterKeyError } from './secrets/master-key-error';
export { defaultManifestPath, findPackageRoot, readPackageVersion } from './package-root';
export { InMemoryConnectionDirectory } from './connections/in-memory-connection-directory';
export { toSummary } from './connections/connection-summary';
export { OperationConfigValidator } from './flows/operation-config-validator';
export { MasterKeyring } from './secrets/master-keyring';
export { PluginLoadError, PluginLoader } from './loader';
export type { LoadedPlugin } from './loader';
