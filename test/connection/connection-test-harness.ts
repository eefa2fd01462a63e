import { randomBytes } from 'node:crypto';
import { Container, ContainerModule } from 'inversify';
import { bindBorrowedConcurrency } from '../../adapters/borrowed-concurrency';
import { InProcessPoolRegistry } from '../../src/concurrency';
import type {
  ConnectionDirectory,
  ConnectionSummary,
  ConnectionTestHandler,
  HostConfiguration,
  Logger,
  PoolRegistry,
} from '../../src/contracts';
import { systemClock, TOKENS } from '../../src/contracts';
import { HostSecretCipher } from '../../host/src/secrets/host-secret-cipher';
import type { SecretCipher } from '../../host/src/secrets/secret-cipher';
import { bindConnectionFeature } from '../../src/connection/connection-feature';
import { CONNECTION_TOKENS } from '../../src/connection/connection-tokens';
import type { TestTimeouts } from '../../src/connection/cartrover-connection-test-handler';
import { bindCartRoverForm } from '../../src/app/cartrover-form-feature';

/** Everything a logger was told, as text, for searching it for secrets. */
export class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  debug(message: string, fields?: Record<string, unknown>): void {
    this.lines.push(JSON.stringify({ level: 'debug', message, fields }));
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.lines.push(JSON.stringify({ level: 'info', message, fields }));
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.lines.push(JSON.stringify({ level: 'warn', message, fields }));
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.lines.push(JSON.stringify({ level: 'error', message, fields }));
  }
}

/** A host's connection store, in memory: summaries plus secrets kept encrypted by the host's cipher. */
export class InMemoryDirectory implements ConnectionDirectory {
  readonly connections = new Map<string, ConnectionSummary>();
  private readonly secrets = new Map<string, string>();
  cipher?: SecretCipher;

  put(summary: ConnectionSummary, apiKey?: string): void {
    this.connections.set(summary.id, summary);
    if (apiKey !== undefined) this.secrets.set(summary.id, this.cipher ? this.cipher.encrypt(apiKey, summary.id) : apiKey);
  }
  async get(id: string): Promise<ConnectionSummary | undefined> {
    return this.connections.get(id);
  }
  async list(appId?: string): Promise<readonly ConnectionSummary[]> {
    return [...this.connections.values()].filter((connection) => appId === undefined || connection.appId === appId);
  }
  async readSecret(connectionId: string, field: string): Promise<string | undefined> {
    const stored = field === 'apiKey' ? this.secrets.get(connectionId) : undefined;
    if (stored === undefined) return undefined;
    return this.cipher ? this.cipher.decrypt(stored, connectionId) : stored;
  }
  /** What is at rest, for checking that no plaintext key is. */
  storedText(): string {
    return JSON.stringify([...this.secrets.values()]);
  }
}

export interface Harness {
  readonly container: Container;
  readonly handler: ConnectionTestHandler;
  readonly directory: InMemoryDirectory;
  readonly pools: PoolRegistry;
  readonly logger: CapturingLogger;
  readonly settings: Map<string, string>;
}

/** A host as the plugin sees it: host services bound, then the forms, connection and borrowing features. */
export async function createHarness(baseUrl: string, timeouts?: TestTimeouts): Promise<Harness> {
  const container = new Container();
  const logger = new CapturingLogger();
  const directory = new InMemoryDirectory();
  const pools = new InProcessPoolRegistry();
  const settings = new Map<string, string>([['CARTROVER_BASE_URL', baseUrl]]);
  container.bind<Logger>(TOKENS.Logger).toConstantValue(logger);
  container.bind(TOKENS.Clock).toConstantValue(systemClock);
  container.bind<HostConfiguration>(TOKENS.HostConfiguration).toConstantValue({ get: (key) => settings.get(key) });
  container.bind<ConnectionDirectory>(TOKENS.ConnectionDirectory).toConstantValue(directory);
  container.bind<PoolRegistry>(TOKENS.PoolRegistry).toConstantValue(pools);
  if (timeouts) container.bind<TestTimeouts>(CONNECTION_TOKENS.TestTimeouts).toConstantValue(timeouts);
  await container.load(
    new ContainerModule((options) => {
      bindCartRoverForm(options);
      bindConnectionFeature(options);
      bindBorrowedConcurrency(options);
    }),
  );
  // Encryption at rest is the host's: the directory encrypts, the plugin only ever reads plaintext.
  directory.cipher = new HostSecretCipher({ currentKeyId: 'test', key: (id) => (id === 'test' ? masterKey : undefined) });
  return { container, handler: container.get<ConnectionTestHandler>(CONNECTION_TOKENS.TestHandler), directory, pools, logger, settings };
}

const masterKey = randomBytes(32);
