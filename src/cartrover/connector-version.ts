/**
 * The connector's version, sent in the User-Agent. A constant rather than a read of package.json:
 * from dist/src/cartrover, `../../package.json` would point at dist/package.json, which tsc does
 * not emit. A test keeps this equal to package.json's version.
 */
export const CONNECTOR_VERSION = '0.1.0';

export const USER_AGENT = `cartrover-connector/${CONNECTOR_VERSION}`;
