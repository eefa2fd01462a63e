import type { Database } from 'better-sqlite3';
import { ConnectionRepository } from './connection-repository';
import { EndedSessionRepository } from './ended-session-repository';
import { FailedRecordRepository } from './failed-record-repository';
import { FlowRepository } from './flow-repository';
import { IntegrationRepository } from './integration-repository';
import { openDatabase } from './open-database';
import { RunRepository } from './run-repository';
import { ScheduleClaimRepository } from './schedule-claim-repository';
import { WatermarkRepository } from './watermark-repository';

/** The host's persistent state: one SQLite database in the data dir. */
export class HostStore {
  readonly connections: ConnectionRepository;
  readonly integrations: IntegrationRepository;
  readonly flows: FlowRepository;
  readonly runs: RunRepository;
  /** The records each run failed on (the errors download). */
  readonly failedRecords: FailedRecordRepository;
  readonly watermarks: WatermarkRepository;
  readonly endedSessions: EndedSessionRepository;
  readonly scheduleClaims: ScheduleClaimRepository;

  private constructor(readonly db: Database) {
    this.connections = new ConnectionRepository(db);
    this.integrations = new IntegrationRepository(db);
    this.flows = new FlowRepository(db);
    this.runs = new RunRepository(db);
    this.failedRecords = new FailedRecordRepository(db);
    this.watermarks = new WatermarkRepository(db);
    this.endedSessions = new EndedSessionRepository(db);
    this.scheduleClaims = new ScheduleClaimRepository(db);
  }

  static open(dataDir: string): HostStore {
    return new HostStore(openDatabase(dataDir));
  }

  /**
   * Runs `work` atomically: a throw anywhere inside rolls every row of it back. IMMEDIATE takes the
   * write lock first, so what `work` reads (a version, the lender chain) is still true when it
   * writes, even with another host process on the same database.
   */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /**
   * SQLite's change counter of the database file as this process sees it: it moves whenever another
   * connection (another host on the data folder) commits, and only then. A cheap "did anything change?".
   */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  meta(key: string): string | undefined {
    return this.db.prepare('SELECT value FROM host_meta WHERE key = ?').pluck().get(key) as string | undefined;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO host_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
