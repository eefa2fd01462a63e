/**
 * The plugin entry (`entry` of plugin.manifest.json): default-exports the inversify
 * ContainerModule a host loads. Each feature binds itself (Theia style); host services are bound
 * here only where the host has none (`isBound`), and contributions are multi-bound with
 * `toService`, never `rebind`.
 */
import 'reflect-metadata';
import { ContainerModule } from 'inversify';
import { bindBorrowedConcurrency } from '../adapters/borrowed-concurrency';
import { bindCartRoverApp } from './app/app-feature';
import { bindConcurrencyFeature } from './concurrency/concurrency-feature';
import { bindConnectionFeature } from './connection/connection-feature';
import { bindFallbackServices } from './fallback-services/fallback-services-feature';
import { bindFormsFeature } from './forms/forms-feature';
import { bindOperationsFeature } from './operations/operations-feature';

const cartRoverPlugin = new ContainerModule((options) => {
  bindFallbackServices(options);
  bindConcurrencyFeature(options);
  bindFormsFeature(options);
  bindConnectionFeature(options);
  bindOperationsFeature(options);
  bindBorrowedConcurrency(options);
  bindCartRoverApp(options);
});

export default cartRoverPlugin;
