import { redactRedisUrl } from '../../contracts';
import { PoolError } from '../pool-error';
import type { RedisPoolProcess } from './redis-pool-process';

/** Policies under which Redis may delete our keys (leases, waiters) to free memory. */
const EVICTING_POLICIES = new Set(['allkeys-lru', 'allkeys-lfu', 'allkeys-random']);

/**
 * Redis must never evict a lease or a place in line (a pool would exceed its level). Checked at
 * start (an evicting policy refuses the start) and again with the heartbeat's configuration check
 * (D7 of issue 23: a `CONFIG SET` at run time): while the policy evicts, this process grants
 * nothing (new requests and queued ones fail with {@link refusal}), and it grants again once the
 * policy is safe. A user that may not read the policy gets one warning that says so.
 */
export class EvictionPolicyCheck {
  private current: string | undefined;
  private warnedUnreadable = false;

  constructor(private readonly process: RedisPoolProcess) {}

  /** The sentence every request is refused with while Redis may evict our keys; undefined when safe. */
  get refusal(): string | undefined {
    return this.current;
  }

  /** Reads the policy; returns the refusal when it may evict (also logged as an error when it starts). */
  async check(): Promise<string | undefined> {
    const { connection, settings, logger } = this.process;
    const policy = await connection.maxmemoryPolicy();
    const where = redactRedisUrl(settings.url);
    if (policy === undefined) {
      if (!this.warnedUnreadable) {
        this.warnedUnreadable = true;
        logger?.warn(
          `The Redis user of ${where} may not read maxmemory-policy (CONFIG GET): the shared concurrency pools cannot check that Redis never evicts their permit leases. ` +
            'Keep it noeviction (or volatile-*), or allow +config|get to have it checked.',
          {},
        );
      }
      this.current = undefined;
      return undefined;
    }
    const before = this.current;
    this.current = EVICTING_POLICIES.has(policy)
      ? `Redis at ${where} has maxmemory-policy ${policy}: it may evict permit leases and let pools exceed their level. ` +
        'Use noeviction (CONFIG SET maxmemory-policy noeviction) or a volatile-* policy (our keys have no TTL).'
      : undefined;
    if (this.current && this.current !== before) logger?.error(`${this.current} No permit is granted until then.`, {});
    if (!this.current && before) logger?.info(`Redis at ${where} has maxmemory-policy ${policy} again: permits are granted again.`, {});
    return this.current;
  }
}

/** A request refused while Redis may evict the leases. */
export function evictionRefusal(poolId: string, refusal: string): PoolError {
  return new PoolError('unavailable', poolId, `Concurrency pool ${poolId} is unavailable: ${refusal} The request was not sent.`);
}
