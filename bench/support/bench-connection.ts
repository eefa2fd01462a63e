import type { BucketOptions } from '../../src/cartrover';
import type { ConnectionClientFactory } from '../../src/connection/connection-client-factory';
import { TestConnections } from '../../test/operations/operations-fixture';

/**
 * The plugin's real client factory over host stand-ins, as the operations' tests build it
 * ({@link TestConnections}): one stored connection (`connectionId`, with these credentials) bound
 * to its own pool of `level`, pointed at `baseUrl`.
 */
export async function benchConnectionFactory(options: {
  baseUrl: string;
  connectionId: string;
  credentials: { apiUser: string; apiKey: string };
  level: number;
  bucket?: BucketOptions;
}): Promise<ConnectionClientFactory> {
  const connections = new TestConnections({ url: options.baseUrl }, options.bucket ? { bucket: options.bucket } : {});
  await connections.add(options.connectionId, options.credentials, { poolId: 'bench-pool', level: options.level });
  return connections.factory;
}
