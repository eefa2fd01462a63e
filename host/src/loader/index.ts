export { PluginLoader } from './plugin-loader';
export type { LoadedPlugin } from './plugin-loader';
export { PluginLoadError } from './plugin-load-error';
export type { PluginManifest, ManifestApp } from './plugin-manifest';
