import { PEER_DEPENDENCIES } from './generated/plugin-package-data';

/** The version range the plugin's package.json accepts for a peer dependency (undefined without one). */
export function peerRange(name: string): string | undefined {
  return PEER_DEPENDENCIES[name];
}
