/*
 * The ES module entry (`import plugin from 'cartrover-connector'`). Node and bundlers hand an ES
 * module that imports CommonJS the whole `module.exports` as its default, so this re-exports the
 * ContainerModule itself and the named exports. One implementation (the CommonJS build) runs for
 * ESM and CJS hosts alike: one CartRoverError class, one set of pools per process.
 */
import entry from '../dist/src/index.js';

export default entry.default;
export const {
  bindCartRoverCore,
  CartRoverError,
  isCartRoverError,
  CARTROVER_BASE_URL_SETTING,
  CARTROVER_BREAKER_FAILURES_SETTING,
  CARTROVER_BREAKER_HALF_OPEN_MS_SETTING,
  CARTROVER_TIMEOUT_MS_SETTING,
  REDIS_KEY_PREFIX_SETTING,
  REDIS_POOL_SLICE_MS_SETTING,
  REDIS_URL_SETTING,
  SETTINGS,
} = entry;
