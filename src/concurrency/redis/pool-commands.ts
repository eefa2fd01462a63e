import * as configScripts from './config-scripts';
import * as livenessScripts from './liveness-scripts';
import { LuaScript } from './lua-script';
import type { PoolConfigView } from './pool-config-view';
import * as poolScripts from './pool-scripts';
import * as rebindScripts from './rebind-scripts';
import type { RedisConnection } from './redis-connection';
import type { RedisPoolKeys } from './redis-pool-keys';

/** Every script of the Redis pool backend, loaded once per process by its SHA. */
export const LUA = {
  acquire: new LuaScript('acquire', poolScripts.ACQUIRE_SCRIPT),
  release: new LuaScript('release', poolScripts.RELEASE_SCRIPT),
  withdraw: new LuaScript('withdraw', poolScripts.WITHDRAW_SCRIPT),
  tick: new LuaScript('tick', poolScripts.TICK_SCRIPT),
  configure: new LuaScript('configure', poolScripts.CONFIGURE_SCRIPT),
  ackLevel: new LuaScript('ack-level', poolScripts.ACK_LEVEL_SCRIPT),
  sliceAcks: new LuaScript('slice-acks', poolScripts.SLICE_ACKS_SCRIPT),
  stats: new LuaScript('stats', poolScripts.STATS_SCRIPT),
  registerPool: new LuaScript('register-pool', configScripts.REGISTER_POOL_SCRIPT),
  removePool: new LuaScript('remove-pool', configScripts.REMOVE_POOL_SCRIPT),
  bind: new LuaScript('bind', configScripts.BIND_SCRIPT),
  unbind: new LuaScript('unbind', configScripts.UNBIND_SCRIPT),
  snapshot: new LuaScript('snapshot', configScripts.SNAPSHOT_SCRIPT),
  restoreConfig: new LuaScript('restore-config', configScripts.RESTORE_CONFIG_SCRIPT),
  withdrawMany: new LuaScript('withdraw-many', rebindScripts.WITHDRAW_MANY_SCRIPT),
  enqueueMany: new LuaScript('enqueue-many', rebindScripts.ENQUEUE_MANY_SCRIPT),
  reap: new LuaScript('reap', livenessScripts.REAP_SCRIPT),
  alive: new LuaScript('alive', livenessScripts.ALIVE_SCRIPT),
  forget: new LuaScript('forget', livenessScripts.FORGET_SCRIPT),
};

/**
 * Sends the scripts with the keys and leading arguments each kind expects (see the scripts'
 * headers). Commands of one process reach Redis in the order sent: before any pool or
 * configuration script, `beforeSend` lets permits released in this turn go out first (the slice
 * hand-off keeps them until then).
 */
export class PoolCommands {
  beforeSend: () => void = () => undefined;

  constructor(
    private readonly keys: RedisPoolKeys,
    private readonly connection: RedisConnection,
    private readonly view: PoolConfigView,
    private readonly ttlMs: number,
  ) {}

  /** A pool script. `knownLevel` lets it restore a pool Redis lost (0: the script sets the level itself). */
  pool(script: LuaScript, poolId: string, extra: string[], knownLevel?: number, extraKeys: string[] = []): Promise<unknown> {
    this.beforeSend();
    return this.poolNow(script, poolId, extra, knownLevel, extraKeys);
  }

  /** A pool script sent without letting released permits go first (the release path itself). */
  poolNow(script: LuaScript, poolId: string, extra: string[], knownLevel = this.view.levelOf(poolId) ?? 0, extraKeys: string[] = []): Promise<unknown> {
    const args = [poolId, this.keys.grantChannelPrefix(), String(this.ttlMs), String(knownLevel), ...extra];
    return script.run(this.connection.client, [...this.keys.poolKeyList(poolId), ...extraKeys], args);
  }

  /** A configuration script (the `{config}` keys, the change channel first). */
  config(script: LuaScript, extra: string[]): Promise<unknown> {
    this.beforeSend();
    return script.run(this.connection.client, this.keys.configKeyList(), [this.keys.configChannel, ...extra]);
  }

  /** A liveness script: a configuration script sent without letting released permits go first. */
  liveness(script: LuaScript, args: string[]): Promise<unknown> {
    return script.run(this.connection.client, this.keys.configKeyList(), [this.keys.configChannel, ...args]);
  }
}
