/** The reference host's public surface (the CLI and tests use these). */
export { Host } from './host';
export type { HostOptions, ListenOptions } from './host-options';
export { createHostContainer } from './host-container';
export { closePoolRegistry, poolRegistryReady } from './pool-registry-lifecycle';
export type { HostContainer } from './host-container';
export { StaticHostConfiguration } from './configuration/static-host-configuration';
export { PinoLogger, createPinoInstance } from './logging/pino-logger';
export { MasterKeyError } from './secrets/master-key-error';
export { defaultManifestPath, findPackageRoot, readPackageVersion } from './package-root';
export { InMemoryConnectionDirectory } from './connections/in-memory-connection-directory';
export { toSummary } from './connections/connection-summary';
export { OperationConfigValidator } from './flows/operation-config-validator';
export { PluginLoadError, PluginLoader } from './loader';
export type { LoadedPlugin } from './loader';
export { HostStartError } from './host-start-error';
export { HostTokenError, TOKEN_FILE, rotateHostToken } from './access/host-token';
export { rotateMasterKey } from './secrets/master-key-rotation';
export type { RotationResult } from './secrets/master-key-rotation';
