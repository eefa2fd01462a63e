import { Container } from 'inversify';
import { TOKENS } from 'cartrover-connector/contracts';
import type { PoolRegistry, PoolStats } from 'cartrover-connector/contracts';
import { bindHostServices } from './host-services';
import type { HostServiceBindings } from './host-services';
import { PluginLoader } from './loader';
import type { SecretFieldRedaction } from './logging/secret-field-redaction';
import { defaultManifestPath } from './package-root';

export interface HostContainer {
  readonly container: Container;
  readonly loader: PluginLoader;
  /** The plugins' pool registry stats, or none when no plugin bound a registry. */
  poolStats(): Promise<readonly PoolStats[]>;
}

/**
 * The composition root: a container with the host's services, then the plugins, loaded from
 * their manifests only (default: this project's plugin.manifest.json). Plugins bind the
 * contribution points and the pool registry. `secretFields` (the log's redaction) learns each
 * plugin's secret fields from its forms as it loads, before the host hands it any secret.
 */
export async function createHostContainer(
  services: HostServiceBindings,
  manifests: readonly string[] = [defaultManifestPath()],
  secretFields?: SecretFieldRedaction,
): Promise<HostContainer> {
  const container = new Container();
  bindHostServices(container, services);
  const loader = new PluginLoader(container);
  for (const manifest of manifests) {
    const plugin = await loader.load(manifest);
    secretFields?.learnFormsOf(plugin.apps);
    services.logger.info('plugin loaded', { pluginId: plugin.manifest.id, version: plugin.manifest.version, apps: plugin.apps.map((app) => app.id) });
  }
  return {
    container,
    loader,
    poolStats: async () => (container.isBound(TOKENS.PoolRegistry) ? container.get<PoolRegistry>(TOKENS.PoolRegistry).stats() : []),
  };
}
