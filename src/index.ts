/**
 * The plugin entry (`entry` of plugin.manifest.json): default-exports the inversify
 * ContainerModule a host loads. Each feature binds itself (Theia style); host services are bound
 * here only where the host has none (`isBound`), and contributions are multi-bound with
 * `toService`, never `rebind`. The entry is the only file that imports adapters: the core reaches
 * them through contribution points, so leaving an adapter out leaves a working plugin.
 */
import 'reflect-metadata';
import { ContainerModule, type ContainerModuleLoadOptions } from 'inversify';
import { bindBorrowedConcurrency } from '../adapters/borrowed-concurrency';
import { bindCartRoverApp } from './app/app-feature';
import { bindCartRoverForm } from './app/cartrover-form-feature';
import { bindConcurrencyFeature } from './concurrency/concurrency-feature';
import { bindConnectionFeature } from './connection/connection-feature';
import { bindFallbackServices } from './fallback-services/fallback-services-feature';
import { bindOperationsFeature } from './operations/operations-feature';
import { assertModernContainerOptions } from './plugin-package/host-container-check';

/** The plugin without adapters: every CartRover connection has its own pool. */
export function bindCartRoverCore(options: ContainerModuleLoadOptions): void {
  bindFallbackServices(options);
  bindConcurrencyFeature(options);
  bindCartRoverForm(options);
  bindConnectionFeature(options);
  bindOperationsFeature(options);
  bindCartRoverApp(options);
}

// What a host catches and configures, beside the module (the contract has the rest: `cartrover-connector/contracts`).
export { CartRoverError, isCartRoverError } from './cartrover/cartrover-error';
export type { CartRoverErrorDetails, CartRoverErrorKind } from './cartrover/cartrover-error';
export {
  CARTROVER_BASE_URL_SETTING,
  CARTROVER_BREAKER_FAILURES_SETTING,
  CARTROVER_BREAKER_HALF_OPEN_MS_SETTING,
  CARTROVER_TIMEOUT_MS_SETTING,
  SETTINGS,
} from './connection/cartrover-settings';
export type { SettingName } from './connection/cartrover-settings';
// The shared-pool settings are the contract's (`cartrover-connector/contracts`); re-exported here for hosts that used them from the entry.
export { REDIS_KEY_PREFIX_SETTING, REDIS_POOL_SLICE_MS_SETTING, REDIS_URL_SETTING } from './contracts/configuration';
export type {
  InventoryExportRecord,
  InventoryWarehouseRecord,
  OperationRecords,
  OrderCancelRecord,
  OrderCreateRecord,
  OrdersExportRecord,
  OrderUpdateRecord,
  OrderUpdateShipment,
  ProductsExportRecord,
} from './operations/operation-records';

const cartRoverPlugin = new ContainerModule((options) => {
  assertModernContainerOptions(options);
  bindCartRoverCore(options);
  bindBorrowedConcurrency(options);
});

export default cartRoverPlugin;
