import type { PluginLoader } from '../loader';
import type { CatalogApp, ConnectableApp } from './catalog-app';

/** Every app the host offers: what the plugins contributed, then the host's built-in apps. */
export class AppCatalog {
  constructor(
    private readonly loader: PluginLoader,
    private readonly builtIns: readonly CatalogApp[],
  ) {}

  list(): CatalogApp[] {
    return [...this.loader.apps().map((app) => this.#fromPlugin(app.id)!), ...this.builtIns];
  }

  get(appId: string): CatalogApp | undefined {
    return this.builtIns.find((app) => app.id === appId) ?? this.#fromPlugin(appId);
  }

  /** Apps that have connections, i.e. plugin apps. */
  connectable(): ConnectableApp[] {
    return this.list().filter((app): app is ConnectableApp => app.contribution !== undefined);
  }

  connectableApp(appId: string): ConnectableApp | undefined {
    const app = this.get(appId);
    return app?.contribution ? (app as ConnectableApp) : undefined;
  }

  #fromPlugin(appId: string): CatalogApp | undefined {
    const contribution = this.loader.app(appId);
    if (!contribution) return undefined;
    const manifest = this.loader.pluginOfApp(appId)?.manifest;
    return {
      id: contribution.id,
      name: contribution.name,
      roles: contribution.roles,
      documentation: contribution.documentation,
      plugin: { id: manifest?.id ?? 'unknown', version: manifest?.version ?? '0.0.0' },
      operations: contribution.operations,
      contribution,
    };
  }
}
