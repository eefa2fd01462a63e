import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { peerRange } from './plugin-package';

/** The version of the inversify this plugin resolves (the host's copy, as a peer), or "unknown". */
export function resolvedInversifyVersion(): string {
  try {
    let folder = path.dirname(require.resolve('inversify'));
    for (;;) {
      const file = path.join(folder, 'package.json');
      if (existsSync(file)) {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
        if (parsed.name === 'inversify' && typeof parsed.version === 'string') return parsed.version;
      }
      const parent = path.dirname(folder);
      if (parent === folder) return 'unknown';
      folder = parent;
    }
  } catch {
    return 'unknown';
  }
}

/**
 * Inversify 7 and 8 hand a ContainerModule one options object; inversify 6 and older call it with
 * positional functions, and the plugin would fail deep inside with a TypeError. Say instead which
 * inversify the host has and which the plugin supports.
 */
export function assertModernContainerOptions(options: unknown): void {
  const candidate = options as { bind?: unknown; isBound?: unknown } | null;
  if (typeof candidate === 'object' && candidate !== null && typeof candidate.bind === 'function' && typeof candidate.isBound === 'function') return;
  const range = peerRange('inversify');
  throw new Error(
    `cartrover-connector needs inversify ${range} (a peer dependency: the host's copy is used), ` +
      `but the host's container is inversify ${resolvedInversifyVersion()}: upgrade the host's inversify`,
  );
}
