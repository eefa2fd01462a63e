import { REDIS_POOL_PARTICIPANT_SETTING, REDIS_URL_SETTING, systemClock } from 'cartrover-connector/contracts';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AppCatalog } from './apps/app-catalog';
import { StaticHostConfiguration } from './configuration/static-host-configuration';
import { ConnectionService } from './connections/connection-service';
import { accessGuard } from './access/access-guard';
import type { AccessHooks } from './access/access-guard';
import { isLoopbackAddress } from './access/allowed-hosts';
import { HostTokenSource } from './access/host-token';
import { StoredConnectionDirectory } from './connections/stored-connection-directory';
import { DataDirLock } from './data-dir/data-dir-lock';
import { refuseLostDatabase } from './data-dir/missing-database-check';
import { ensurePrivateDir } from './data-dir/private-data-dir';
import { createFileApp } from './files/file-app';
import { FileStore } from './files/file-store';
import { FlowService } from './flows/flow-service';
import { OperationConfigValidator } from './flows/operation-config-validator';
import { createHostContainer } from './host-container';
import type { HostContainer } from './host-container';
import type { HostOptions, ListenOptions } from './host-options';
import { HostStartError } from './host-start-error';
import { buildServer } from './http/build-server';
import { IntegrationService } from './integrations/integration-service';
import { PinoLogger, createPinoInstance } from './logging/pino-logger';
import { SecretFieldRedaction } from './logging/secret-field-redaction';
import { closePoolRegistry, poolRegistryReady } from './pool-registry-lifecycle';
import { defaultManifestPath, findPackageRoot, readPackageVersion } from './package-root';
import { FlowRunner } from './runs/flow-runner';
import { HostInstance } from './runs/host-instance';
import { FlowScheduler } from './schedules/flow-scheduler';
import { loadMasterKey } from './secrets/master-key';
import { HostSecretCipher } from './secrets/host-secret-cipher';
import { RECORDED_KEY_ID, checkMasterKeyMatchesStore } from './secrets/master-key-check';
import { openKeyring } from './secrets/master-key-rotation';
import { storeHasSecrets } from './store/existing-secrets-probe';
import { HostStore } from './store/host-store';

/** The reference host: store, plugins, services and the HTTP server, started and stopped as one. */
export class Host {
  #closing: Promise<void> | undefined;

  private constructor(
    readonly hostContainer: HostContainer,
    readonly store: HostStore,
    readonly connections: ConnectionService,
    readonly runner: FlowRunner,
    readonly scheduler: FlowScheduler,
    readonly server: FastifyInstance,
    readonly logger: PinoLogger,
    private readonly tokens: HostTokenSource,
    private readonly access: AccessHooks,
    readonly instance: HostInstance,
    private readonly allowedHosts: readonly string[],
    private readonly lock: DataDirLock,
  ) {}

  /** The access token (Bearer, and `/?token=`); `rotate-token` may replace it while the host runs. */
  get token(): string {
    return this.tokens.current();
  }

  static async create(options: HostOptions): Promise<Host> {
    const dataDir = path.resolve(options.dataDir);
    const secretFields = new SecretFieldRedaction();
    const logger = new PinoLogger(
      createPinoInstance({ ...(options.logLevel ? { level: options.logLevel } : {}), ...(options.logDestination ? { destination: options.logDestination } : {}), secretFields }),
    );
    ensurePrivateDir(dataDir);
    // Without Redis a second host process on this folder would drift apart from the first: refuse.
    const lock = DataDirLock.acquire(dataDir, Boolean(options.settings?.[REDIS_URL_SETTING]));
    try {
      refuseLostDatabase(dataDir);
      return await Host.#create(options, dataDir, logger, secretFields, lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  static async #create(options: HostOptions, dataDir: string, logger: PinoLogger, secretFields: SecretFieldRedaction, lock: DataDirLock): Promise<Host> {
    const masterKey = loadMasterKey({ base64: options.masterKey, dataDir, warn: options.onNotice ?? ((message) => logger.warn(message)), hasSecrets: () => storeHasSecrets(dataDir) });
    const store = HostStore.open(dataDir);
    const instance = new HostInstance(store, logger, options.runLease ?? {});
    try {
      const tokens = HostTokenSource.open(options.token, dataDir);
      const clock = systemClock;
      // The host owns encryption at rest: the directory decrypts for plugins, which have no cipher.
      const { keyring, current } = openKeyring(masterKey, dataDir, store.meta(RECORDED_KEY_ID), logger);
      const hostCipher = new HostSecretCipher(keyring);
      const cipher = () => hostCipher;
      const directory = new StoredConnectionDirectory(store, cipher);
      const hostContainer = await createHostContainer(
        { logger, clock, configuration: new StaticHostConfiguration(poolSettings(options.settings ?? {}, dataDir)), directory },
        options.manifests ?? [defaultManifestPath()],
        secretFields,
      );
      // A shared pool registry (REDIS_URL) that cannot start is a start-up error, never unlimited pools.
      await poolRegistryReady(hostContainer.container).catch((error: unknown) => {
        throw new HostStartError((error as Error).message);
      });
      checkMasterKeyMatchesStore(store, current, dataDir, logger, keyring);
      // Only runs whose host is gone (no heartbeat within the lease) fail; a live host's runs go on.
      instance.start();

      const root = findPackageRoot();
      const files = new FileStore(dataDir);
      const catalog = new AppCatalog(hostContainer.loader, [createFileApp(files, readPackageVersion(root))]);
      const connections = new ConnectionService(store, catalog, directory, cipher, clock, logger);
      const runner = new FlowRunner(store, catalog, clock, logger, instance.id);
      await connections.syncAll();
      const flows = new FlowService(store, catalog, new OperationConfigValidator(), clock);
      const scheduler = new FlowScheduler(store, runner, logger, { instanceId: instance.id });
      flows.listen({ saved: (flow) => scheduler.apply(flow), deleted: (flowId) => scheduler.remove(flowId) });
      const allowedHosts = options.allowedHosts ?? [];
      const access = accessGuard({ token: tokens, allowedHosts, endedSessions: store.endedSessions });
      const server = await buildServer({
        access,
        logger: logger.pino,
        staticDir: options.staticDir ?? path.join(root, 'src', 'web', 'static'),
        ...(options.observeRoute ? { observeRoute: options.observeRoute } : {}),
        ...(options.httpTimeouts ? { timeouts: options.httpTimeouts } : {}),
        services: {
          catalog,
          connections,
          integrations: new IntegrationService(store, catalog, clock),
          flows,
          runner,
          scheduler,
          files,
          store,
          poolStats: () => hostContainer.poolStats(),
        },
      });
      // Schedules are armed last, once everything a run needs is there.
      scheduler.startAll();
      return new Host(hostContainer, store, connections, runner, scheduler, server, logger, tokens, access, instance, allowedHosts, lock);
    } catch (error) {
      instance.stop();
      store.close();
      throw error;
    }
  }

  /** Starts answering HTTP; resolves with the base URL. */
  async listen(options: ListenOptions): Promise<string> {
    if (options.bind !== undefined && !isLoopbackAddress(options.bind) && this.allowedHosts.length === 0) {
      throw new HostStartError(
        `Binding to ${options.bind} (not loopback) needs --allowed-hosts naming how the host is reached (e.g. --allowed-hosts ${options.bind === '0.0.0.0' || options.bind === '::' ? 'myhost.example.lan' : options.bind}); the token protects it either way`,
      );
    }
    await this.server.listen({ port: options.port, host: options.bind ?? '127.0.0.1' });
    const address = this.server.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.port;
    const host = options.bind === undefined || options.bind === '0.0.0.0' || options.bind === '::' ? '127.0.0.1' : options.bind;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.lock.setUrl(url);
    this.logger.info('host listening', { url });
    return url;
  }

  /**
   * A URL that logs the page in once (a new one-time code each call, valid for minutes); printed
   * at start, never logged. Browsers keep visited URLs in their history: this one is spent by then.
   */
  loginUrl(baseUrl: string): string {
    return `${baseUrl}/?code=${this.access.issueLoginCode()}`;
  }

  /** Stops accepting requests, stops the runs, then closes the database. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.scheduler.stop();
      await this.server.close();
      await this.runner.close();
      await closePoolRegistry(this.hostContainer.container); // shared permits back now, not after their TTL
      this.instance.stop();
      this.store.close();
      this.lock.release();
      this.logger.pino.flush();
    })();
    return this.#closing;
  }
}

/**
 * The hosts of one data folder declare their pools' levels as one participant on Redis: their levels
 * come from one store, so a level changed through one host replaces what the others declared (else
 * another host's older declaration would keep the lower level in effect; see the Redis pools README).
 */
function poolSettings(settings: Readonly<Record<string, string | undefined>>, dataDir: string): Record<string, string | undefined> {
  const participant = `host-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
  return { ...settings, [REDIS_POOL_PARTICIPANT_SETTING]: settings[REDIS_POOL_PARTICIPANT_SETTING] ?? participant };
}
