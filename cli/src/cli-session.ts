import { createHash } from 'node:crypto';
import { CONNECTION_NAME_FIELD, connectionSummary, systemClock, TOKENS } from 'cartrover-connector/contracts';
import type { AppContribution, ConnectionValues, PoolRegistry, PoolStats } from 'cartrover-connector/contracts';
import { InMemoryConnectionDirectory, PinoLogger, SecretFieldRedaction, StaticHostConfiguration, closePoolRegistry, createHostContainer, poolRegistryReady, createPinoInstance, defaultManifestPath } from '@cartrover/host';
import { API_KEY_FIELD, API_USER_FIELD, CONCURRENCY_LEVEL_FIELD } from './cartrover-connection-fields';
import type { CliIo } from './cli-io';
import { UsageError } from './usage-error';

export const CLI_CONNECTION_ID = 'command-line';

/**
 * The command's connection id, derived from the API user: the pool id is the connection id, so
 * CLI processes of the same API user on the same Redis share one pool (one CartRover account,
 * one level), while another API user gets its own. Hashed: ids end up in Redis keys and logs.
 */
export function cliConnectionId(apiUser: string): string {
  return `${CLI_CONNECTION_ID}-${createHash('sha256').update(apiUser).digest('hex').slice(0, 16)}`;
}

/** Sessions opened by this command run, closed by {@link closeCliSessions} when it ends. */
const openSessions = new Set<{ close(): Promise<void> }>();

/** Gives back shared permits and closes the pool registry's connections (else Node would not exit). */
export async function closeCliSessions(): Promise<void> {
  const sessions = [...openSessions];
  openSessions.clear();
  await Promise.all(sessions.map((session) => session.close()));
}

export interface SessionOptions {
  readonly appId: string;
  readonly apiUser: string | undefined;
  readonly cartroverUrl: string | undefined;
  readonly manifests: readonly string[] | undefined;
  readonly io: CliIo;
  /** The pool's level (`--concurrency`); blank: the form's default. */
  readonly concurrency?: number;
  /** `--redis-url` / REDIS_URL: the pool is shared with other processes on that Redis. */
  readonly redisUrl?: string;
}

export interface CliSession {
  readonly app: AppContribution;
  /** The command's connection, validated by the app's form (secrets in clear, in memory only). */
  readonly values: ConnectionValues;
  readonly connectionId: string;
  readonly logger: PinoLogger;
  /** The command connection's pool as the registry sees it now (its level in effect). */
  poolStats(): Promise<PoolStats | undefined>;
}

/**
 * A host container for one command: the plugin loaded through its manifest, and one in-memory
 * connection from `--api-user` and `CARTROVER_API_KEY` (a key is never a flag: flags end up in
 * shell history and process lists). Nothing is stored.
 */
export async function openCliSession(options: SessionOptions): Promise<CliSession> {
  const { io } = options;
  if (!options.apiUser) throw new UsageError('--api-user is required');
  const apiKey = io.env.CARTROVER_API_KEY;
  if (!apiKey) throw new UsageError('Set the API key in the CARTROVER_API_KEY environment variable (it is never taken as a flag)');
  const secretFields = new SecretFieldRedaction();
  const logger = new PinoLogger(createPinoInstance({ level: io.env.LOG_LEVEL ?? 'warn', destination: io.stderr, secretFields }));
  const directory = new InMemoryConnectionDirectory();
  const settings = { CARTROVER_BASE_URL: options.cartroverUrl ?? io.env.CARTROVER_BASE_URL, CARTROVER_TIMEOUT_MS: io.env.CARTROVER_TIMEOUT_MS, REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: io.env.REDIS_KEY_PREFIX,
    REDIS_POOL_SLICE_MS: io.env.REDIS_POOL_SLICE_MS,
  };
  const hostContainer = await createHostContainer(
    // Nothing is stored by the CLI, so nothing is encrypted: no keyring.
    { logger, clock: systemClock, configuration: new StaticHostConfiguration(settings), directory },
    options.manifests && options.manifests.length > 0 ? options.manifests : [defaultManifestPath()],
    secretFields,
  );
  openSessions.add({ close: () => closePoolRegistry(hostContainer.container) });
  await poolRegistryReady(hostContainer.container); // Redis unreachable: "Cannot reach Redis at ..." before any request
  const app = hostContainer.loader.app(options.appId);
  if (!app) throw new UsageError(`No plugin contributes the app "${options.appId}" (loaded: ${hostContainer.loader.apps().map((candidate) => candidate.id).join(', ') || 'none'})`);

  const level = options.concurrency === undefined ? {} : { [CONCURRENCY_LEVEL_FIELD]: options.concurrency };
  const validation = app.connectionForm.validate({ [CONNECTION_NAME_FIELD]: 'Command line', [API_USER_FIELD]: options.apiUser, [API_KEY_FIELD]: apiKey, ...level }, { connections: [] });
  if (!validation.ok) {
    // Named by what the user set: the form's bounds and sentences are the CLI's too (e.g. --concurrency's range).
    const setting: Record<string, string> = { [CONCURRENCY_LEVEL_FIELD]: '--concurrency', [API_USER_FIELD]: '--api-user', [API_KEY_FIELD]: 'CARTROVER_API_KEY' };
    throw new UsageError(`The connection is not valid: ${Object.entries(validation.errors).map(([field, message]) => `${setting[field] ?? field}: ${message}`).join('; ')}`);
  }
  const secrets = Object.fromEntries(app.connectionForm.secretFields.filter((field) => validation.values[field] !== undefined).map((field) => [field, String(validation.values[field])]));
  const publicValues = Object.fromEntries(Object.entries(validation.values).filter(([field]) => !(field in secrets)));
  const connectionId = cliConnectionId(options.apiUser);
  const summary = connectionSummary({ id: connectionId, appId: app.id, name: 'Command line', values: publicValues, storedSecrets: Object.keys(secrets), offline: false });
  directory.add(summary, secrets);
  await app.lifecycle.sync([summary]);
  const registry = hostContainer.container.get<PoolRegistry>(TOKENS.PoolRegistry);
  const poolStats = async (): Promise<PoolStats | undefined> => {
    const poolId = registry.poolOf(connectionId);
    return (await registry.stats()).find((pool) => pool.poolId === poolId);
  };
  return { app, values: validation.values, connectionId, logger, poolStats };
}
