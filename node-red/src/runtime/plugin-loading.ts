import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Container, ContainerModule } from 'inversify';
import semver from 'semver';
import { HOST_API_VERSION, TOKENS } from 'cartrover-connector/contracts';
import type { AppContribution } from 'cartrover-connector/contracts';

/** The plugin package whose manifest this adapter loads, and the app it drives. */
export const PLUGIN_PACKAGE = 'cartrover-connector';
export const CARTROVER_APP_ID = 'cartrover';

interface ManifestEntry {
  readonly id?: unknown;
  readonly hostApi?: unknown;
  readonly entry?: unknown;
}

/** A plugin that cannot be loaded: names the manifest file and the field, like the reference host. */
export class PluginLoadFailure extends Error {
  constructor(file: string, field: string, problem: string) {
    super(`Cannot load the CartRover plugin from ${file} (${field}): ${problem}`);
    this.name = 'PluginLoadFailure';
  }
}

/** Where the installed plugin's manifest is (beside this package, as npm installed it). */
export function installedManifestFile(): string {
  return require.resolve(`${PLUGIN_PACKAGE}/plugin.manifest.json`);
}

/**
 * Loads the plugin into `container` through its manifest only: checks `hostApi` against the
 * contract this adapter was built with, loads `entry` (relative to the manifest) and returns the
 * CartRover app it contributes. Nothing of the plugin is imported by path at build time.
 */
export async function loadPluginApp(container: Container, manifestFile: string = installedManifestFile()): Promise<AppContribution> {
  let manifest: ManifestEntry;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ManifestEntry;
  } catch (error) {
    throw new PluginLoadFailure(manifestFile, 'manifest', (error as Error).message);
  }
  if (typeof manifest.hostApi !== 'string' || semver.validRange(manifest.hostApi) === null) {
    throw new PluginLoadFailure(manifestFile, 'hostApi', `"${String(manifest.hostApi)}" is not a semver range`);
  }
  if (!semver.satisfies(HOST_API_VERSION, manifest.hostApi)) {
    throw new PluginLoadFailure(manifestFile, 'hostApi', `"${manifest.hostApi}" does not include this adapter's API version ${HOST_API_VERSION}`);
  }
  if (typeof manifest.entry !== 'string') throw new PluginLoadFailure(manifestFile, 'entry', 'missing');
  const entryFile = path.resolve(path.dirname(manifestFile), manifest.entry);
  let module: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the entry is only known from the manifest, at run time
    module = (require(entryFile) as { default?: unknown }).default;
  } catch (error) {
    throw new PluginLoadFailure(manifestFile, 'entry', `${entryFile} failed to load: ${(error as Error).message}`);
  }
  if (typeof module !== 'object' || module === null || typeof (module as { load?: unknown }).load !== 'function') {
    throw new PluginLoadFailure(manifestFile, 'entry', `${entryFile} has no default export that is an inversify ContainerModule`);
  }
  await container.load(module as ContainerModule);
  const app = container.getAll<AppContribution>(TOKENS.AppContribution).find((candidate) => candidate.id === CARTROVER_APP_ID);
  if (!app) throw new PluginLoadFailure(manifestFile, 'apps', `the entry contributes no "${CARTROVER_APP_ID}" app`);
  return app;
}
