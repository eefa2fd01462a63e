/*
 * Declarations of the ES module entry. `inversify` is imported here in ESM mode, so an `.mts` host
 * sees the same ContainerModule type its own `import { Container } from 'inversify'` does (with
 * inversify 7, whose ESM and CJS builds declare different classes).
 */
import type { ContainerModule, ContainerModuleLoadOptions } from 'inversify';

/** The plugin: load it with `await container.load(plugin)`. */
declare const cartRoverPlugin: ContainerModule;
export default cartRoverPlugin;

/** The plugin without adapters: every CartRover connection has its own pool. */
export declare function bindCartRoverCore(options: ContainerModuleLoadOptions): void;

export { CartRoverError, isCartRoverError } from '../dist/src/cartrover/cartrover-error.js';
export type { CartRoverErrorDetails, CartRoverErrorKind } from '../dist/src/cartrover/cartrover-error.js';
export {
  CARTROVER_BASE_URL_SETTING,
  CARTROVER_BREAKER_FAILURES_SETTING,
  CARTROVER_BREAKER_HALF_OPEN_MS_SETTING,
  CARTROVER_TIMEOUT_MS_SETTING,
  SETTINGS,
} from '../dist/src/connection/cartrover-settings.js';
export type { SettingName } from '../dist/src/connection/cartrover-settings.js';
export { REDIS_KEY_PREFIX_SETTING, REDIS_POOL_SLICE_MS_SETTING, REDIS_URL_SETTING } from '../dist/src/contracts/configuration.js';
/** The record types per operation (`OperationRecords` and one type per record kind). */
export type * from '../dist/src/operations/operation-records.js';
