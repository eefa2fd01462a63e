import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** One installed copy of a package: where it is and its version. */
export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  /** The package's folder, symlinks resolved (two paths to one copy compare equal). */
  readonly folder: string;
}

/**
 * The copy of `name` that `require` finds from `fromFolder` (from this host when omitted), or
 * undefined when none is installed there. Walks up from the resolved entry to the package's own
 * package.json, since packages with an `exports` map may not export it.
 */
export function findInstalledPackage(name: string, fromFolder?: string): InstalledPackage | undefined {
  let entry: string;
  try {
    entry = fromFolder === undefined ? require.resolve(name) : require.resolve(name, { paths: [fromFolder] });
  } catch {
    return undefined;
  }
  for (let folder = path.dirname(entry); ; folder = path.dirname(folder)) {
    const file = path.join(folder, 'package.json');
    if (existsSync(file)) {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (parsed.name === name && typeof parsed.version === 'string') {
        return { name, version: parsed.version, folder: realpathSync(folder) };
      }
    }
    if (path.dirname(folder) === folder) return undefined;
  }
}

/** The `peerDependencies[name]` range of the package.json beside a plugin manifest, if any. */
export function peerRangeBeside(manifestFile: string, name: string): string | undefined {
  const file = path.join(path.dirname(manifestFile), 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { peerDependencies?: Record<string, unknown> };
    const range = parsed.peerDependencies?.[name];
    return typeof range === 'string' ? range : undefined;
  } catch {
    return undefined;
  }
}
