import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const MANIFEST_FILE = 'plugin.manifest.json';

/** The plugin package's folder: the nearest one above this file that holds the manifest (from `src` and from `dist/src`). */
export function pluginPackageRoot(start: string = __dirname): string {
  for (let folder = path.resolve(start); ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, MANIFEST_FILE))) return folder;
    if (path.dirname(folder) === folder) throw new Error(`No ${MANIFEST_FILE} found above ${start}`);
  }
}

/** The plugin's own manifest. */
export function pluginManifestPath(root: string = pluginPackageRoot()): string {
  return path.join(root, MANIFEST_FILE);
}

/** The version range the plugin's package.json accepts for a peer dependency (undefined without one). */
export function peerRange(name: string, root: string = pluginPackageRoot()): string | undefined {
  const file = path.join(root, 'package.json');
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { peerDependencies?: Record<string, unknown> };
  const range = parsed.peerDependencies?.[name];
  return typeof range === 'string' ? range : undefined;
}
