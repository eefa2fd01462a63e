/**
 * The version of the host<->plugin contract in this folder. A plugin's manifest names the range it
 * needs in `hostApi`; a host refuses a plugin whose range does not include this version.
 * Bump the minor version for additions, the major version for anything a plugin could notice.
 */
export const HOST_API_VERSION = '1.3.0';
