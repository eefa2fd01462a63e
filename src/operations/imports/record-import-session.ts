import { widestConnectionLevel } from '../../concurrency/connection-level-range';
import type { ConnectionClientFactory } from '../../connection/connection-client-factory';
import type { ImportContext, ImportSession, RecordResult } from '../../contracts';
import { failureMessage } from '../shared/failure-message';
import { batchSignal } from './batch-signal';
import { custRefOfRecord } from './cust-ref';
import type { OpenImportBatch, WriteOneRecord } from './import-batch';
import { PerCustRefSequence } from './per-cust-ref-sequence';
import { recordResult } from './record-results';

/** The widest window any pool of this plugin's connections can have (the form schema's `maximum`). */
const WIDEST_LEVEL = widestConnectionLevel();

/** How often a session looks the pool's level up again (a level changed during a run applies). */
export const WINDOW_REFRESH_MS = 1000;

/**
 * One run of a CartRover destination, record by record (the host's pump keeps `window` of them in
 * flight). Shared for the whole run: the config (read once), one client whose credentials are read
 * and decrypted once (dropped at `close`), one cust_ref sequence (a repeat waits for its earlier
 * record), one signal. `window` is the connection pool's level, looked up again every second.
 */
export async function openRecordImportSession<Config>(
  clients: ConnectionClientFactory,
  readConfig: (config: Record<string, unknown>) => Config,
  context: ImportContext,
  writeOne: WriteOneRecord<Config>,
): Promise<ImportSession> {
  const connectionId = context.connectionId ?? '';
  let shared: OpenImportBatch<Config>;
  try {
    if (connectionId === '') throw new Error('A CartRover step needs a connection: choose one for the step.');
    shared = {
      config: readConfig(context.config),
      client: clients.forRun(connectionId),
      // Every in-flight or queued request of the run listens for an abort; the window is at most a pool's level.
      signal: batchSignal(context.signal, WIDEST_LEVEL * 2),
      sequence: new PerCustRefSequence(),
      scope: 'run',
    };
  } catch (error) {
    // The run cannot start (bad config, no connection): every record fails with the reason.
    const message = failureMessage(error);
    return {
      window: WIDEST_LEVEL,
      write: (record, index) => Promise.resolve(recordResult(index, 'failed', custRefOfRecord(record), message)),
      close: () => Promise.resolve(),
    };
  }
  const session = new RecordImportSession(shared, writeOne, clients, connectionId);
  await session.lookUpWindow();
  return session;
}

class RecordImportSession<Config> implements ImportSession {
  /** Until the pool is known (bound lazily), as wide as any pool: the pool still holds the level. */
  window: number = WIDEST_LEVEL;
  #shared: OpenImportBatch<Config> | undefined;
  readonly #refresh: NodeJS.Timeout;

  constructor(
    shared: OpenImportBatch<Config>,
    private readonly writeOne: WriteOneRecord<Config>,
    private readonly clients: ConnectionClientFactory,
    private readonly connectionId: string,
  ) {
    this.#shared = shared;
    this.#refresh = setInterval(() => void this.lookUpWindow(), WINDOW_REFRESH_MS);
    this.#refresh.unref();
  }

  write(record: unknown, index: number): Promise<RecordResult> {
    const shared = this.#shared;
    if (shared === undefined) return Promise.resolve(recordResult(index, 'failed', custRefOfRecord(record), 'The run has ended'));
    return this.writeOne(shared, record, index);
  }

  async close(): Promise<void> {
    clearInterval(this.#refresh);
    // Drops the run's client, and with it the credentials it held.
    this.#shared = undefined;
  }

  /** The pool's level now (kept as it was when it cannot be read). */
  async lookUpWindow(): Promise<void> {
    try {
      const level = await this.clients.poolLevelOf(this.connectionId);
      if (level !== undefined && level >= 1) this.window = level;
    } catch {
      // Keep the last window: the pool still holds the level whatever the window says.
    }
  }
}
