import { RateLimitPacerRegistry } from '../../src/cartrover';
import type { BucketOptions } from '../../src/cartrover';
import { InProcessPoolRegistry } from '../../src/concurrency';
import { ConnectionClientFactory } from '../../src/connection/connection-client-factory';
import type { ConnectionDirectory } from '../../src/contracts';
import { silentLogger } from '../../src/fallback-services/silent-logger';
import { systemClock } from '../../src/contracts';

/**
 * The plugin's real client factory over host stand-ins: one stored connection (`connectionId`,
 * with these credentials) bound to its own pool of `level`, pointed at `baseUrl`.
 */
export async function benchConnectionFactory(options: {
  baseUrl: string;
  connectionId: string;
  credentials: { apiUser: string; apiKey: string };
  level: number;
  bucket?: BucketOptions;
}): Promise<ConnectionClientFactory> {
  const { baseUrl, connectionId, credentials, level } = options;
  const directory: ConnectionDirectory = {
    get: async (id) =>
      id === connectionId
        ? {
            id,
            appId: 'cartrover',
            name: id,
            values: { apiUser: credentials.apiUser, concurrencyLevel: level },
            storedSecrets: ['apiKey'],
            borrowConcurrencyFrom: null,
            offline: false,
          }
        : undefined,
    list: async () => [],
    readSecret: async (id, field) => (id === connectionId && field === 'apiKey' ? credentials.apiKey : undefined),
  };
  const pools = new InProcessPoolRegistry();
  await pools.configure('bench-pool', level);
  await pools.bind(connectionId, 'bench-pool');
  const configuration = { get: (key: string) => (key === 'CARTROVER_BASE_URL' ? baseUrl : undefined) };
  const pacers = new RateLimitPacerRegistry({ clock: systemClock, ...(options.bucket ? { bucket: options.bucket } : {}) });
  return new ConnectionClientFactory(configuration, directory, pools, pacers, systemClock, silentLogger);
}
