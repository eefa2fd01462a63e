import path from 'node:path';
import semver from 'semver';
import { findInstalledPackage, peerRangeBeside } from './installed-package';
import { PluginLoadError } from './plugin-load-error';

/**
 * A plugin must bind into the host's own inversify: a second copy keeps class metadata in a shape
 * the host's container cannot read (a TypeError deep inside resolution), and a version outside
 * the plugin's peer range fails the same way. Refuse both up front, naming the versions.
 */
export function checkInversifyCompatibility(manifestFile: string): void {
  const host = findInstalledPackage('inversify');
  if (!host) return; // the host runs without inversify on its own path: nothing to compare
  const range = peerRangeBeside(manifestFile, 'inversify');
  if (range !== undefined && semver.validRange(range) !== null && !semver.satisfies(host.version, range)) {
    throw new PluginLoadError(
      manifestFile,
      'peerDependencies.inversify',
      `the plugin supports inversify ${range}, but this host runs inversify ${host.version}: upgrade the host's inversify`,
    );
  }
  const plugin = findInstalledPackage('inversify', path.dirname(manifestFile));
  if (plugin && plugin.folder !== host.folder) {
    throw new PluginLoadError(
      manifestFile,
      'peerDependencies.inversify',
      `the plugin resolves its own copy of inversify ${plugin.version} (${plugin.folder}), but this host runs inversify ${host.version} ` +
        `(${host.folder}); a plugin must share the host's copy${range ? ` (its peer range: ${range})` : ''}: remove the nested copy`,
    );
  }
}
