import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder with package.json above this file: the same answer from `src/host` (ts-jest) and
 * from `dist/src/host` (built), because tsc never emits a package.json into dist.
 */
export function findPackageRoot(start: string = __dirname): string {
  let folder = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(folder, 'package.json'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`No package.json found above ${start}`);
    folder = parent;
  }
}

/** The host's own version, shown as the version of the built-in apps. */
export function readPackageVersion(root: string = findPackageRoot()): string {
  const parsed = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}

/** The plugin manifest shipped with this project, the default plugin of the host. */
export function defaultManifestPath(root: string = findPackageRoot()): string {
  return path.join(root, 'plugin.manifest.json');
}
