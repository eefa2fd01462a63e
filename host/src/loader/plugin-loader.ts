import path from 'node:path';
import type { Container, ContainerModule } from 'inversify';
import { HOST_API_VERSION, TOKENS } from 'cartrover-connector/contracts';
import type { AppContribution } from 'cartrover-connector/contracts';
import { checkHostApi } from './host-api-check';
import { checkReferencedFiles } from './referenced-files-check';
import { importEntryModule } from './entry-module';
import { checkInversifyCompatibility } from './inversify-compatibility-check';
import { readManifest } from './manifest-reader';
import { PluginLoadError } from './plugin-load-error';
import type { PluginManifest } from './plugin-manifest';

/** A plugin the host has loaded, with the apps it contributed. */
export interface LoadedPlugin {
  readonly manifest: PluginManifest;
  readonly manifestFile: string;
  readonly module: ContainerModule;
  readonly apps: readonly AppContribution[];
}

/**
 * Loads plugins into a host container from their manifests, and only from them: the host never
 * imports plugin code directly. Contributions are collected by multi-injection of
 * `TOKENS.AppContribution`; a load that fails anywhere is rolled back so that nothing stays bound.
 */
export class PluginLoader {
  readonly #loaded = new Map<string, LoadedPlugin>();

  constructor(
    private readonly container: Container,
    private readonly hostApiVersion: string = HOST_API_VERSION,
  ) {}

  async load(manifestPath: string): Promise<LoadedPlugin> {
    const manifestFile = path.resolve(manifestPath);
    const manifest = readManifest(manifestFile);
    checkHostApi(manifestFile, manifest.hostApi, this.hostApiVersion);
    this.#refuseDuplicates(manifestFile, manifest);
    checkReferencedFiles(manifestFile, manifest);
    checkInversifyCompatibility(manifestFile);
    const module = await importEntryModule(manifestFile, manifest.entry);

    const before = new Set(this.#allApps());
    try {
      await this.container.load(module);
      const contributed = this.#allApps().filter((app) => !before.has(app));
      this.#checkContributions(manifestFile, manifest, contributed);
      const plugin: LoadedPlugin = { manifest, manifestFile, module, apps: contributed };
      this.#loaded.set(manifest.id, plugin);
      return plugin;
    } catch (error) {
      await this.container.unload(module);
      if (error instanceof PluginLoadError) throw error;
      throw new PluginLoadError(manifestFile, 'entry', `the plugin's ContainerModule failed: ${(error as Error).message}`);
    }
  }

  async unload(pluginId: string): Promise<void> {
    const plugin = this.#loaded.get(pluginId);
    if (!plugin) throw new Error(`Plugin "${pluginId}" is not loaded`);
    await this.container.unload(plugin.module);
    this.#loaded.delete(pluginId);
  }

  plugins(): readonly LoadedPlugin[] {
    return [...this.#loaded.values()];
  }

  /** Every app contributed to the container, by any plugin. */
  apps(): readonly AppContribution[] {
    return this.#allApps();
  }

  app(appId: string): AppContribution | undefined {
    return this.#allApps().find((app) => app.id === appId);
  }

  pluginOfApp(appId: string): LoadedPlugin | undefined {
    return this.plugins().find((plugin) => plugin.apps.some((app) => app.id === appId));
  }

  #allApps(): AppContribution[] {
    return this.container.getAll<AppContribution>(TOKENS.AppContribution, { optional: true });
  }

  #refuseDuplicates(manifestFile: string, manifest: PluginManifest): void {
    if (this.#loaded.has(manifest.id)) {
      throw new PluginLoadError(manifestFile, 'id', `plugin "${manifest.id}" is already loaded`);
    }
    const taken = new Map(this.#allApps().map((app) => [app.id, this.pluginOfApp(app.id)?.manifest.id ?? 'the host'] as const));
    manifest.apps.forEach((app, index) => {
      const owner = taken.get(app.id);
      if (owner !== undefined) {
        throw new PluginLoadError(manifestFile, `apps[${index}].id`, `app id "${app.id}" is already contributed by plugin "${owner}"`);
      }
    });
  }

  /** The module must contribute exactly the apps its manifest declares, with the declared roles. */
  #checkContributions(manifestFile: string, manifest: PluginManifest, contributed: readonly AppContribution[]): void {
    manifest.apps.forEach((declared, index) => {
      const app = contributed.find((candidate) => candidate.id === declared.id);
      if (!app) {
        throw new PluginLoadError(manifestFile, `apps[${index}].id`, `the entry module does not contribute app "${declared.id}"`);
      }
      const roles = [...app.roles].sort().join(',');
      if (roles !== [...declared.roles].sort().join(',')) {
        throw new PluginLoadError(manifestFile, `apps[${index}].roles`, `declares ${declared.roles.join(', ')} but the app has ${app.roles.join(', ')}`);
      }
    });
    const undeclared = contributed.find((app) => !manifest.apps.some((declared) => declared.id === app.id));
    if (undeclared) {
      throw new PluginLoadError(manifestFile, 'apps', `the entry module contributes app "${undeclared.id}", which the manifest does not declare`);
    }
  }
}
