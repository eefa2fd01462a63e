import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AppCatalog } from './apps/app-catalog';
import { StaticHostConfiguration } from './configuration/static-host-configuration';
import { ConnectionService } from './connections/connection-service';
import { cipherFromContainer } from './connections/secret-cipher-source';
import type { SecretCipherSource } from './connections/secret-cipher-source';
import { StoredConnectionDirectory } from './connections/stored-connection-directory';
import { createFileApp } from './files/file-app';
import { FileStore } from './files/file-store';
import { FlowService } from './flows/flow-service';
import { OperationConfigValidator } from './flows/operation-config-validator';
import { createHostContainer } from './host-container';
import type { HostContainer } from './host-container';
import type { HostOptions, ListenOptions } from './host-options';
import { buildServer } from './http/build-server';
import { IntegrationService } from './integrations/integration-service';
import { PinoLogger, createPinoInstance } from './logging/pino-logger';
import { defaultManifestPath, findPackageRoot, readPackageVersion } from './package-root';
import { FlowRunner } from './runs/flow-runner';
import { FlowScheduler } from './schedules/flow-scheduler';
import { loadMasterKey } from './secrets/master-key';
import { checkMasterKeyMatchesStore } from './secrets/master-key-check';
import { MasterKeyring } from './secrets/master-keyring';
import { HostStore } from './store/host-store';
import { SystemClock } from './system-clock';

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
  ) {}

  static async create(options: HostOptions): Promise<Host> {
    const dataDir = path.resolve(options.dataDir);
    const logger = new PinoLogger(createPinoInstance({ ...(options.logLevel ? { level: options.logLevel } : {}), ...(options.logDestination ? { destination: options.logDestination } : {}) }));
    const masterKey = loadMasterKey({ base64: options.masterKey, dataDir, warn: (message) => logger.warn(message) });
    const store = HostStore.open(dataDir);
    try {
      const clock = new SystemClock();
      let cipher: SecretCipherSource = () => {
        throw new Error('The secret cipher is not available before the plugins are loaded');
      };
      const directory = new StoredConnectionDirectory(store, () => cipher());
      const hostContainer = await createHostContainer(
        { logger, clock, configuration: new StaticHostConfiguration(options.settings ?? {}), keyring: new MasterKeyring(masterKey), directory },
        options.manifests ?? [defaultManifestPath()],
      );
      cipher = cipherFromContainer(hostContainer.container);
      checkMasterKeyMatchesStore(store, masterKey, dataDir, logger);
      const interrupted = store.runs.failUnfinished('The host stopped before the run finished', new Date(clock.now()).toISOString());
      if (interrupted > 0) logger.warn('runs interrupted by a restart were marked failed', { runs: interrupted });

      const root = findPackageRoot();
      const files = new FileStore(dataDir);
      const catalog = new AppCatalog(hostContainer.loader, [createFileApp(files, readPackageVersion(root))]);
      const connections = new ConnectionService(store, catalog, directory, cipher, clock, logger);
      const runner = new FlowRunner(store, catalog, clock, logger);
      await connections.syncAll();
      const flows = new FlowService(store, catalog, new OperationConfigValidator(), clock);
      const scheduler = new FlowScheduler(store, runner, logger);
      flows.listen({ saved: (flow) => scheduler.apply(flow), deleted: (flowId) => scheduler.remove(flowId) });
      const server = await buildServer({
        logger: logger.pino,
        staticDir: options.staticDir ?? path.join(root, 'src', 'web', 'static'),
        services: {
          catalog,
          connections,
          integrations: new IntegrationService(store, clock),
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
      return new Host(hostContainer, store, connections, runner, scheduler, server, logger);
    } catch (error) {
      store.close();
      throw error;
    }
  }

  /** Starts answering HTTP; resolves with the base URL. */
  async listen(options: ListenOptions): Promise<string> {
    await this.server.listen({ port: options.port, host: options.bind ?? '127.0.0.1' });
    const address = this.server.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.port;
    const host = options.bind === undefined || options.bind === '0.0.0.0' || options.bind === '::' ? '127.0.0.1' : options.bind;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.logger.info('host listening', { url });
    return url;
  }

  /** Stops accepting requests, stops the runs, then closes the database. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.scheduler.stop();
      await this.server.close();
      await this.runner.close();
      this.store.close();
      this.logger.pino.flush();
    })();
    return this.#closing;
  }
}
