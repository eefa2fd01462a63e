import type { AppRole } from 'cartrover-connector/contracts';

/** The parsed `plugin.manifest.json` (shape fixed by schemas/plugin-manifest.schema.json). */
export interface PluginManifest {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly hostApi: string;
  readonly entry: string;
  readonly apps: readonly ManifestApp[];
}

export interface ManifestApp {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly AppRole[];
  readonly connectionForm: { readonly schema: string; readonly ui: string };
  readonly documentation: readonly { readonly title: string; readonly url: string }[];
}
