import { existsSync } from 'node:fs';
import path from 'node:path';
import { ContainerModule } from 'inversify';
import { PluginLoadError } from './plugin-load-error';

/**
 * A plugin may bundle its own copy of inversify, so `instanceof` alone would refuse a good module:
 * accept anything shaped like a ContainerModule (a numeric id and a load function).
 */
function isContainerModule(value: unknown): value is ContainerModule {
  if (value instanceof ContainerModule) return true;
  const candidate = value as { id?: unknown; load?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.id === 'number' && typeof candidate.load === 'function';
}

/** Loads the manifest's `entry` and returns its default-exported ContainerModule. */
export async function importEntryModule(manifestFile: string, entry: string): Promise<ContainerModule> {
  const entryFile = path.resolve(path.dirname(manifestFile), entry);
  if (!existsSync(entryFile)) {
    const hint = entry.includes('dist/') ? ' (is the plugin built? run `npm run build`)' : '';
    throw new PluginLoadError(manifestFile, 'entry', `file not found: ${entryFile}${hint}`);
  }
  let loaded: { default?: unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the path is only known at run time
    loaded = require(entryFile) as { default?: unknown };
  } catch (error) {
    throw new PluginLoadError(manifestFile, 'entry', `${entryFile} failed to load: ${(error as Error).message}`);
  }
  if (!isContainerModule(loaded.default)) {
    throw new PluginLoadError(manifestFile, 'entry', `${entryFile} has no default export that is an inversify ContainerModule`);
  }
  return loaded.default;
}
