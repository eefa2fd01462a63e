import 'reflect-metadata';
import { Container } from 'inversify';
import { TOKENS, systemClock } from 'cartrover-connector/contracts';
import type { AppContribution, Clock, ConnectionDirectory, HostConfiguration, Logger, PoolRegistry } from 'cartrover-connector/contracts';
import type { NodeRedApi } from '../node-red-api';
import { ConfigNodeDirectory } from './config-node-directory';
import type { DeployedConnection } from './deployed-connection';
import { connectionProblem } from './connection-problem';
import { NodeRedConfiguration } from './node-red-configuration';
import { NodeRedLogger } from './node-red-logger';
import { loadPluginApp } from './plugin-loading';

/** The plugin as loaded into one container of this runtime. */
export interface LoadedPlugin {
  readonly container: Container;
  readonly app: AppContribution;
  /** The plugin's pool registry (in process, or on Redis with `redisUrl` / `REDIS_URL`). */
  readonly registry: PoolRegistry | undefined;
}

/** A pool's load as a node's status shows it. */
export interface PoolLoad {
  readonly poolName: string;
  readonly level: number;
  readonly inFlight: number;
  readonly queued: number;
}

/** Held by whatever uses the plugin: a node for its life, an admin request for its length. */
export interface RuntimeLease {
  release(): Promise<void>;
}

/**
 * The plugin in one Node-RED runtime: one inversify container with Node-RED-backed host services
 * (connections from the deployed config nodes, `RED.log`, settings or the environment), the plugin
 * loaded through its manifest. Every connection of the runtime shares its pools.
 *
 * The container lives while something uses it: it is made on first use and closed when the last
 * node has closed (a full redeploy closes every node first), so a redeploy or the end of a test
 * leaves no Redis connection, permit or timer behind.
 */
export class CartRoverRuntime {
  readonly directory = new ConfigNodeDirectory();
  readonly logger: Logger;
  readonly #configuration: HostConfiguration;
  #users = 0;
  #loaded: Promise<LoadedPlugin> | undefined;
  #synced: Promise<void> = Promise.resolve();
  #syncFailure: string | undefined;

  constructor(red: NodeRedApi) {
    this.logger = new NodeRedLogger(red.log);
    this.#configuration = new NodeRedConfiguration(red.settings);
  }

  use(): RuntimeLease {
    this.#users += 1;
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        this.#users -= 1;
        if (this.#users === 0) await this.#shutdown();
      },
    };
  }

  /** The loaded plugin (loaded on first call); rejects with a sentence when it cannot load (e.g. Redis unreachable). */
  plugin(): Promise<LoadedPlugin> {
    if (!this.#loaded) {
      const loading = this.#load();
      this.#loaded = loading;
      loading.catch(() => {
        if (this.#loaded === loading) this.#loaded = undefined; // the next use tries again
      });
    }
    return this.#loaded;
  }

  /** A config node deployed (or redeployed with new properties). */
  putConnection(connection: DeployedConnection): void {
    this.directory.put(connection);
    this.#scheduleSync();
  }

  removeConnection(nodeId: string): void {
    this.directory.remove(nodeId);
    this.#scheduleSync();
  }

  /** The plugin with its pools in step with the deployed connections. */
  async ready(): Promise<LoadedPlugin> {
    const plugin = await this.plugin();
    await this.#synced;
    if (this.#syncFailure !== undefined) throw new Error(this.#syncFailure);
    return plugin;
  }

  /** Why a deployed connection cannot be used now, or undefined when it can. */
  problemOf(nodeId: string): string | undefined {
    if (!this.directory.deployed(nodeId)) return 'the CartRover connection is not deployed (choose one in the node, then deploy)';
    return this.directory.offlineReason(nodeId);
  }

  /** The load of the pool a connection draws from, when its pool is known. */
  async poolLoad(nodeId: string): Promise<PoolLoad | undefined> {
    const loaded = await this.#loaded?.catch(() => undefined);
    const connectionId = this.directory.pluginIdOf(nodeId);
    const poolId = connectionId === undefined ? undefined : loaded?.registry?.poolOf(connectionId);
    if (poolId === undefined || !loaded?.registry) return undefined;
    const stats = (await loaded.registry.stats()).find((candidate) => candidate.poolId === poolId);
    if (!stats) return undefined;
    const owner = this.directory.summaries().find((summary) => summary.id === poolId);
    return { poolName: owner?.name ?? poolId, level: stats.level, inFlight: stats.inFlight, queued: stats.queued };
  }

  async #load(): Promise<LoadedPlugin> {
    const container = new Container();
    container.bind<Logger>(TOKENS.Logger).toConstantValue(this.logger);
    container.bind<Clock>(TOKENS.Clock).toConstantValue(systemClock);
    container.bind<HostConfiguration>(TOKENS.HostConfiguration).toConstantValue(this.#configuration);
    container.bind<ConnectionDirectory>(TOKENS.ConnectionDirectory).toConstantValue(this.directory);
    const app = await loadPluginApp(container);
    const registry = container.isBound(TOKENS.PoolRegistry) ? container.get<PoolRegistry>(TOKENS.PoolRegistry) : undefined;
    try {
      await registry?.whenReady?.();
    } catch (error) {
      await registry?.close?.().catch(() => undefined);
      throw error;
    }
    return { container, app, registry };
  }

  #scheduleSync(): void {
    this.#synced = this.#synced.then(() => this.#syncNow());
  }

  /** Hands the plugin every deployed connection, and marks those it finds invalid offline. */
  async #syncNow(): Promise<void> {
    if (this.#users === 0) return; // shutting down: nothing to keep in step
    let plugin: LoadedPlugin;
    try {
      plugin = await this.plugin();
    } catch (error) {
      this.#syncFailure = (error as Error).message;
      return;
    }
    for (const connection of this.directory.all()) {
      this.directory.setOffline(connection.nodeId, connectionProblem(plugin.app, connection, this.directory));
    }
    try {
      await plugin.app.lifecycle.sync(this.directory.summaries());
      this.#syncFailure = undefined;
    } catch (error) {
      this.#syncFailure = (error as Error).message;
      this.logger.error('connection pools out of step', { error: this.#syncFailure });
    }
  }

  async #shutdown(): Promise<void> {
    const loaded = this.#loaded;
    this.#loaded = undefined;
    await this.#synced;
    const plugin = await loaded?.catch(() => undefined);
    await plugin?.registry?.close?.();
  }
}
