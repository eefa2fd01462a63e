import semver from 'semver';
import { PluginLoadError } from './plugin-load-error';

/** Refuses a plugin whose `hostApi` range does not include the host's contract version. */
export function checkHostApi(file: string, range: string, hostApiVersion: string): void {
  if (semver.validRange(range) === null) {
    throw new PluginLoadError(file, 'hostApi', `"${range}" is not a semver range`);
  }
  if (!semver.satisfies(hostApiVersion, range)) {
    throw new PluginLoadError(file, 'hostApi', `"${range}" does not include this host's API version ${hostApiVersion}`);
  }
}
