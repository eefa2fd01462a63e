import { randomBytes } from 'node:crypto';
import { BORROW_CONCURRENCY_FIELD } from 'cartrover-connector/contracts';
import type { AppContribution, ConnectionSummary, ConnectionValues } from 'cartrover-connector/contracts';
import { InMemoryConnectionDirectory, MasterKeyring, PinoLogger, StaticHostConfiguration, SystemClock, createHostContainer, createPinoInstance, defaultManifestPath } from '@cartrover/host';
import type { CliIo } from './cli-io';
import { UsageError } from './usage-error';

export const CLI_CONNECTION_ID = 'command-line';

export interface SessionOptions {
  readonly appId: string;
  readonly apiUser: string | undefined;
  readonly cartroverUrl: string | undefined;
  readonly manifests: readonly string[] | undefined;
  readonly io: CliIo;
}

export interface CliSession {
  readonly app: AppContribution;
  /** The command's connection, validated by the app's form (secrets in clear, in memory only). */
  readonly values: ConnectionValues;
  readonly connectionId: string;
  readonly logger: PinoLogger;
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
  const logger = new PinoLogger(createPinoInstance({ level: io.env.LOG_LEVEL ?? 'warn', destination: io.stderr }));
  const directory = new InMemoryConnectionDirectory();
  const settings = { CARTROVER_BASE_URL: options.cartroverUrl ?? io.env.CARTROVER_BASE_URL, CARTROVER_TIMEOUT_MS: io.env.CARTROVER_TIMEOUT_MS };
  const hostContainer = await createHostContainer(
    // A throwaway key: the plugin's cipher needs one, but nothing is encrypted to keep.
    { logger, clock: new SystemClock(), configuration: new StaticHostConfiguration(settings), keyring: new MasterKeyring({ bytes: new Uint8Array(randomBytes(32)), keyId: 'cli', source: 'generated' }), directory },
    options.manifests && options.manifests.length > 0 ? options.manifests : [defaultManifestPath()],
  );
  const app = hostContainer.loader.app(options.appId);
  if (!app) throw new UsageError(`No plugin contributes the app "${options.appId}" (loaded: ${hostContainer.loader.apps().map((candidate) => candidate.id).join(', ') || 'none'})`);

  const validation = app.connectionForm.validate({ name: 'Command line', apiUser: options.apiUser, apiKey }, { connections: [] });
  if (!validation.ok) {
    throw new UsageError(`The connection is not valid: ${Object.entries(validation.errors).map(([field, message]) => `${field}: ${message}`).join('; ')}`);
  }
  const secrets = Object.fromEntries(app.connectionForm.secretFields.filter((field) => validation.values[field] !== undefined).map((field) => [field, String(validation.values[field])]));
  const publicValues = Object.fromEntries(Object.entries(validation.values).filter(([field]) => !(field in secrets)));
  const level = publicValues.concurrencyLevel;
  const summary: ConnectionSummary = {
    id: CLI_CONNECTION_ID,
    appId: app.id,
    name: 'Command line',
    values: publicValues,
    storedSecrets: Object.keys(secrets),
    borrowConcurrencyFrom: typeof publicValues[BORROW_CONCURRENCY_FIELD] === 'string' ? (publicValues[BORROW_CONCURRENCY_FIELD] as string) : null,
    concurrencyLevel: typeof level === 'number' ? level : null,
    offline: false,
  };
  directory.add(summary, secrets);
  await app.lifecycle.sync([summary]);
  return { app, values: validation.values, connectionId: CLI_CONNECTION_ID, logger };
}
