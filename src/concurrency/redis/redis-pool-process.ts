import type { Clock, Logger } from '../../contracts';
import type { PoolCommands } from './pool-commands';
import type { PoolConfigView } from './pool-config-view';
import type { RedisClock } from './redis-clock';
import type { RedisConnection } from './redis-connection';
import type { RedisLease } from './redis-lease';
import type { RedisPoolKeys } from './redis-pool-keys';
import type { RedisPoolSettings } from './redis-pool-settings';
import type { RedisWaiter } from './redis-waiter';

/**
 * What the parts of one process's Redis pools share (the registry builds it once): its identity,
 * its connection and commands, its copy of the configuration, and its waiters and held permits.
 * Each part (grants, slice hand-off, re-bind mover, heartbeat, liveness, configuration sync) owns
 * the rest of its state itself.
 */
export interface RedisPoolProcess {
  readonly processId: string;
  /** Who this process declares levels for (see `RedisPoolRegistryOptions.participantId`). */
  readonly participantId: string;
  readonly settings: RedisPoolSettings;
  readonly keys: RedisPoolKeys;
  readonly connection: RedisConnection;
  readonly commands: PoolCommands;
  readonly view: PoolConfigView;
  /** Fencing: this process's bound on Redis time (see redis-clock.ts), on the monotonic clock. */
  readonly redisClock: RedisClock;
  /** Wall-clock time and sleeps. */
  readonly clock: Clock;
  readonly logger: Logger | undefined;
  /** This process's acquires not granted yet, by waiter id. */
  readonly waiters: Map<string, RedisWaiter>;
  /** Permits this process's callers hold, by lease id. */
  readonly leases: Map<string, RedisLease>;
  /** Set once `close` began: nothing is passed on or restarted after it. */
  closed: boolean;
}

/** This process's queued waiters (in a line in Redis, not being added or moved), optionally of one pool. */
export function queuedWaiters(process: RedisPoolProcess, poolId?: string): RedisWaiter[] {
  return [...process.waiters.values()].filter(
    (waiter) => !waiter.settled && waiter.phase === 'queued' && (poolId === undefined || waiter.poolId === poolId),
  );
}
