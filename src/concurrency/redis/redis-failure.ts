import { redactRedisUrl } from '../../contracts';
import { PoolError } from '../pool-error';

/**
 * One sentence for a Redis that cannot serve the shared pools, naming the URL (password masked)
 * and what to do: never a bare `NOAUTH …` or `MOVED …`, never a silent success.
 */
export function describeRedisFailure(error: unknown, where: string, keyPrefix: string): string {
  const raw = (error as { message?: unknown } | undefined)?.message;
  const message = typeof raw === 'string' ? raw : String(error);
  if (/^NOAUTH/.test(message)) {
    return `Redis at ${where} requires a password: put it in the URL (redis://:PASSWORD@host:port, or redis://USER:PASSWORD@host:port for an ACL user).`;
  }
  if (/^WRONGPASS|invalid (username|password)/i.test(message)) {
    return `Redis at ${where} refused the user name or password in the URL (${firstLine(message)}): check them.`;
  }
  if (/^NOPERM/.test(message)) {
    return (
      `The Redis user of ${where} may not do something the shared concurrency pools need (${firstLine(message)}). ` +
      `Grant it: +@scripting +publish +subscribe +get +set +mget +ping +client|id +client|list (and +config|get for the eviction-policy check) ` +
      `on keys ~${keyPrefix}:* and channels &${keyPrefix}:*.`
    );
  }
  if (/^(MOVED|ASK|CLUSTERDOWN|CROSSSLOT)\b/.test(message) || /cluster/i.test(message)) {
    return `Redis at ${where} is a Redis Cluster, which the shared concurrency pools do not support: use a single primary (with replicas for fail-over).`;
  }
  const resp = /Unknown RESP type (\d+)/.exec(message);
  if (resp && (resp[1] === '21' || resp[1] === '22')) {
    return `Redis at ${where} answered with TLS: use a rediss:// URL (with the CA if it is private).`;
  }
  if (resp || /Socket closed unexpectedly|did not answer/i.test(message)) {
    return (
      `${where} did not answer like a Redis server (${firstLine(message)}): check the host and port; ` +
      'if it accepts TLS only, use a rediss:// URL.'
    );
  }
  return `Cannot reach Redis at ${where} for the shared concurrency pools: ${firstLine(message)}`;
}

/** A request refused because Redis cannot be reached: never sent, never run unlimited. */
export function unavailablePoolError(poolId: string, url: string, cause?: unknown): PoolError {
  return new PoolError(
    'unavailable',
    poolId,
    `Concurrency pool ${poolId} is unavailable: Redis at ${redactRedisUrl(url)} cannot be reached; the request was not sent`,
    cause === undefined ? undefined : { cause },
  );
}

/** A cluster-mode Redis, from `INFO cluster` (undefined when that cannot be read). */
export function isClusterInfo(info: unknown): boolean {
  return typeof info === 'string' && /cluster_enabled:1/.test(info);
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
