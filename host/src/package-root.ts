import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder with package.json above this file (the host package): the same answer from `src`
 * (ts-jest) and from `dist` (built), because tsc never emits a package.json into dist.
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

/**
 * The CartRover plugin's manifest, the host's default plugin: resolved as an installed package,
 * the way any host finds a plugin it depends on.
 */
export function defaultManifestPath(): string {
  return require.resolve('cartrover-connector/plugin.manifest.json');
}
