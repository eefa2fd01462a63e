/**
 * Key and channel names of the Redis pool backend. Every key of one pool carries the hash tag
 * `{p:<poolId>}` so that a pool's Lua scripts touch one Redis Cluster slot; the shared
 * configuration (pool list, bindings) carries `{config}` for the same reason.
 */
export interface PoolKeys {
  /** HASH `level` (the pool's level), `wseq` (waiter order counter). */
  readonly cfg: string;
  /** ZSET lease id -> expiry (ms, Redis TIME). One member per permit held cluster-wide. */
  readonly leases: string;
  /** ZSET `<16-digit seq>|<waiter id>` -> -priority: the cluster-wide waiting line. */
  readonly waiters: string;
  /** ZSET waiter member -> expiry (ms, Redis TIME): a dead process's waiters leave the line. */
  readonly waiterExpiry: string;
}

export interface ConfigKeys {
  /** ZSET pool id -> creation order. */
  readonly pools: string;
  /** STRING counter for the pool order. */
  readonly poolSeq: string;
  /** HASH connection id -> pool id. */
  readonly bindings: string;
  /** STRING counter bumped by every configuration change (processes reload when it moves). */
  readonly version: string;
  /** STRING random id written once per Redis data set: a new one means Redis lost its data. */
  readonly epoch: string;
  /** HASH pool id -> level (what a process restores into a pool's `cfg` after a data loss). */
  readonly levels: string;
  /** HASH process id -> Redis client id of its command connection (liveness: `CLIENT LIST`). */
  readonly clients: string;
  /** HASH process id -> last heartbeat (ms, Redis TIME). */
  readonly alive: string;
  /** HASH process id -> its participant (a process, or the hosts of one data folder). */
  readonly participants: string;
  /** HASH `<pool>|<participant>` -> the level that participant declared (the lowest live one is in effect). */
  readonly declared: string;
}

export class RedisPoolKeys {
  readonly config: ConfigKeys;
  /** Channel announcing configuration changes (the message is the new version). */
  readonly configChannel: string;

  constructor(readonly prefix: string) {
    if (!/^[A-Za-z0-9_.:-]+$/.test(prefix)) throw new RangeError(`Redis key prefix must match [A-Za-z0-9_.:-]+, got ${JSON.stringify(prefix)}`);
    const tag = `${prefix}:{config}`;
    this.config = {
      pools: `${tag}:pools`,
      poolSeq: `${tag}:pool-seq`,
      bindings: `${tag}:bindings`,
      version: `${tag}:version`,
      epoch: `${tag}:epoch`,
      levels: `${tag}:levels`,
      clients: `${tag}:clients`,
      alive: `${tag}:alive`,
      participants: `${tag}:participants`,
      declared: `${tag}:declared`,
    };
    this.configChannel = `${prefix}:config-changed`;
  }

  pool(poolId: string): PoolKeys {
    const tag = `${this.prefix}:{p:${poolId}}`;
    return { cfg: `${tag}:cfg`, leases: `${tag}:leases`, waiters: `${tag}:waiters`, waiterExpiry: `${tag}:waiter-expiry` };
  }

  /** Keys in the order every pool script expects them. */
  poolKeyList(poolId: string): string[] {
    const keys = this.pool(poolId);
    return [keys.cfg, keys.leases, keys.waiters, keys.waiterExpiry];
  }

  /** Keys in the order every configuration script expects them. */
  configKeyList(): string[] {
    const keys = this.config;
    return [keys.pools, keys.poolSeq, keys.bindings, keys.version, keys.levels, keys.clients, keys.alive, keys.participants, keys.declared];
  }

  /** Grants for the waiters of one process are published here (the process subscribes once). */
  grantChannelPrefix(): string {
    return `${this.prefix}:grants:`;
  }

  grantChannel(processId: string): string {
    return `${this.grantChannelPrefix()}${processId}`;
  }
}
