/**
 * Test support for the operations: a sandbox over real HTTP, CartRover clients whose requests hold
 * permits of an in-process pool registry (as the connection feature wires them), and the step
 * contexts a host would hand in. The benches build their connections with it too
 * (bench/support/bench-connection.ts).
 */
import type { CartRoverClient, CartRoverCredentials, CreateOrderInput } from '../../src/cartrover';
import { RateLimitPacerRegistry } from '../../src/cartrover';
import { InProcessPoolRegistry } from '../../src/concurrency';
import { ConnectionClientFactory } from '../../src/connection/connection-client-factory';
import type {
  ConnectionDirectory,
  ConnectionSummary,
  ExportContext,
  ExportOperation,
  HostConfiguration,
  ImportContext,
  Logger,
} from '../../src/contracts';
import type { SandboxServer } from '../../sandbox/src';
import { systemClock } from '../../src/contracts';

export const MERCHANT: CartRoverCredentials = { apiUser: 'demo-merchant', apiKey: 'demo-merchant-key' };
export const CART: CartRoverCredentials = { apiUser: 'demo-cart', apiKey: 'demo-cart-key' };

export const silentLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** The host's stored connections, in memory (a stand-in for the host's store). */
class InMemoryConnectionDirectory implements ConnectionDirectory {
  private readonly connections = new Map<string, { summary: ConnectionSummary; apiKey: string }>();

  put(connectionId: string, credentials: CartRoverCredentials): void {
    this.connections.set(connectionId, {
      summary: {
        id: connectionId,
        appId: 'cartrover',
        name: connectionId,
        values: { apiUser: credentials.apiUser },
        storedSecrets: ['apiKey'],
        borrowConcurrencyFrom: null,
        offline: false,
      },
      apiKey: credentials.apiKey,
    });
  }

  async get(id: string): Promise<ConnectionSummary | undefined> {
    return this.connections.get(id)?.summary;
  }

  async list(): Promise<readonly ConnectionSummary[]> {
    return [...this.connections.values()].map((entry) => entry.summary);
  }

  async readSecret(connectionId: string, field: string): Promise<string | undefined> {
    return field === 'apiKey' ? this.connections.get(connectionId)?.apiKey : undefined;
  }
}

export interface TestConnectionsOptions {
  /** The API users' leaky bucket as the client models it (default: CartRover's 100 / 600 ms). */
  readonly bucket?: { capacity: number; refillMs: number };
  /** Per-attempt timeout of the clients (CARTROVER_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

/**
 * Connections of a test, served by the plugin's real ConnectionClientFactory over host stand-ins
 * (an in-memory directory, host configuration pointing at the sandbox, an in-process pool registry).
 */
export class TestConnections {
  readonly pools = new InProcessPoolRegistry();
  readonly factory: ConnectionClientFactory;
  private readonly directory = new InMemoryConnectionDirectory();

  /** `sandbox`: where the clients go (a sandbox in this process, or the URL of one elsewhere, as the benches run it). */
  constructor(sandbox: Pick<SandboxServer, 'url'>, options: TestConnectionsOptions = {}) {
    const settings: Record<string, string | undefined> = {
      CARTROVER_BASE_URL: sandbox.url,
      CARTROVER_TIMEOUT_MS: options.timeoutMs === undefined ? undefined : String(options.timeoutMs),
    };
    const configuration: HostConfiguration = { get: (key) => settings[key] };
    const pacers = new RateLimitPacerRegistry({ clock: systemClock, ...(options.bucket ? { bucket: options.bucket } : {}) });
    this.factory = new ConnectionClientFactory(configuration, this.directory, this.pools, pacers, systemClock, silentLogger);
  }

  /** Stores a connection and binds it to `poolId` (configured at `level` when new). */
  async add(connectionId: string, credentials: CartRoverCredentials, pool: { poolId?: string; level?: number } = {}): Promise<void> {
    const poolId = pool.poolId ?? `pool-${connectionId}`;
    if (!(await this.pools.stats()).some((stats) => stats.poolId === poolId)) await this.pools.configure(poolId, pool.level ?? 5);
    this.directory.put(connectionId, credentials);
    await this.pools.bind(connectionId, poolId);
  }

  clientFor(connectionId: string): CartRoverClient {
    return this.factory.forConnection(connectionId);
  }
}

export interface RecordingExportContext extends ExportContext {
  readonly watermarks: string[];
}

export function exportContext(connectionId: string, config: Record<string, unknown>, watermark?: string): RecordingExportContext {
  const watermarks: string[] = [];
  return {
    connectionId,
    config,
    signal: new AbortController().signal,
    logger: silentLogger,
    watermark,
    watermarks,
    setWatermark: (value) => watermarks.push(value),
  };
}

export function importContext(connectionId: string, config: Record<string, unknown> = {}, signal?: AbortSignal): ImportContext {
  return { connectionId, config, signal: signal ?? new AbortController().signal, logger: silentLogger };
}

/** Drains an export (tests only: real callers stream). */
export async function readAll(operation: ExportOperation, context: ExportContext): Promise<Record<string, unknown>[]> {
  const records: Record<string, unknown>[] = [];
  for await (const record of operation.read(context)) records.push(record);
  return records;
}

/** A valid order whose charges agree with CartRover's definitions. */
export function validOrder(custRef: string, extra: Record<string, unknown> = {}): CreateOrderInput {
  return {
    cust_ref: custRef,
    ship_first_name: 'Ada',
    ship_last_name: 'Lovelace',
    ship_address_1: '351 Hitchcock Way',
    ship_city: 'Santa Barbara',
    ship_state: 'CA',
    ship_zip: '93105',
    ship_country: 'US',
    items: [
      { item: 'CIO-1001', quantity: 2, price: '4.40', extended_amount: '8.80' },
      { item: 'CIO-1002', quantity: 1, price: 5, discount: 1, extended_amount: 4 },
    ],
    sub_total: 12.8,
    sales_tax: 1,
    shipping_handling: 5,
    order_discount: 2,
    grand_total: 16.8,
    ...extra,
  };
}
