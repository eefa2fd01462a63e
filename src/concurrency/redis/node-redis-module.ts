import type * as NodeRedis from 'redis';

/**
 * node-redis, loaded only when a host names a Redis: it is an optional peer dependency, so a host
 * without shared pools never installs it. The `require` sits in a try block, which bundlers read
 * as optional (esbuild and webpack bundle it when present and warn, not fail, when it is not).
 */
export function loadNodeRedis(): typeof NodeRedis {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('redis') as typeof NodeRedis;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error(
        'A Redis URL is set (REDIS_URL), so cartrover-connector shares its concurrency pools through Redis, ' +
          'but the package "redis" (node-redis, an optional peer dependency) is not installed: run `npm install redis` in the host',
      );
    }
    throw error;
  }
}
