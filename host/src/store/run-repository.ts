import type { Database } from 'better-sqlite3';
import { PreparedStatements } from './prepared-statements';
import type { RunCounts, RunError, RunStatus, StoredRun } from './stored-records';

interface RunRow {
  id: string;
  flow_id: string;
  status: RunStatus;
  read: number;
  written: number;
  failed: number;
  skipped: number;
  errors_json: string;
  message: string | null;
  started_at: string;
  finished_at: string | null;
  total: number | null;
  cancel_requested_at: string | null;
  scheduled_for: string | null;
}

/** Records done (written, failed or skipped) of the total, in whole percent; 100 only when all are. */
function percentOf(row: RunRow): number {
  const done = row.written + row.failed + row.skipped;
  if (row.total === null || row.total <= 0) return done > 0 ? 100 : 0;
  return Math.min(100, Math.floor((done * 100) / row.total));
}

function fromRow(row: RunRow): StoredRun {
  return {
    id: row.id,
    flowId: row.flow_id,
    status: row.status,
    read: row.read,
    written: row.written,
    failed: row.failed,
    skipped: row.skipped,
    errors: JSON.parse(row.errors_json) as RunError[],
    ...(row.total === null ? {} : { total: row.total, percent: percentOf(row) }),
    ...(row.cancel_requested_at === null || row.status !== 'running' ? {} : { cancelRequested: true }),
    ...(row.message === null ? {} : { message: row.message }),
    ...(row.scheduled_for === null ? {} : { scheduledFor: row.scheduled_for }),
    startedAt: row.started_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
  };
}

/** Flow runs and their counters. */
export class RunRepository {
  readonly #statements: PreparedStatements;

  constructor(private readonly db: Database) {
    this.#statements = new PreparedStatements(db);
  }

  start(run: { id: string; flowId: string; startedAt: string; ownerInstanceId?: string; scheduledFor?: string }): void {
    this.db
      .prepare("INSERT INTO runs (id, flow_id, status, started_at, owner_instance_id, scheduled_for) VALUES (?, ?, 'running', ?, ?, ?)")
      .run(run.id, run.flowId, run.startedAt, run.ownerInstanceId ?? null, run.scheduledFor ?? null);
  }

  /**
   * Fails the runs still "running" whose owner is gone: no owner recorded, or an owner whose
   * heartbeat is older than `staleBefore` (epoch ms). A live host's runs are never touched.
   */
  failOrphaned(message: string, finishedAt: string, staleBefore: number): number {
    return this.db
      .prepare(
        `UPDATE runs SET status = 'failed', message = ?, finished_at = ?
         WHERE status = 'running' AND (owner_instance_id IS NULL
           OR owner_instance_id NOT IN (SELECT id FROM host_instances WHERE heartbeat_at >= ?))`,
      )
      .run(message, finishedAt, staleBefore).changes;
  }

  /** Saves the counters while a run goes on, so that a poll shows progress. */
  progress(id: string, counts: RunCounts, errors: readonly RunError[]): void {
    this.#statements
      .of('UPDATE runs SET read = ?, written = ?, failed = ?, skipped = ?, errors_json = ? WHERE id = ?')
      .run(counts.read, counts.written, counts.failed, counts.skipped, JSON.stringify(errors), id);
  }

  /** The number of records the source said it has (for a percentage). */
  setTotal(id: string, total: number): void {
    this.#statements.of('UPDATE runs SET total = ? WHERE id = ?').run(total, id);
  }

  /** Asks the host that runs it to stop the run; false when it is not running (any more). */
  requestCancel(id: string, requestedAt: string): boolean {
    return this.#statements.of("UPDATE runs SET cancel_requested_at = coalesce(cancel_requested_at, ?) WHERE id = ? AND status = 'running'").run(requestedAt, id).changes === 1;
  }

  /** Whether a stop was asked for (on any host) for a run. */
  cancelRequested(id: string): boolean {
    return this.#statements.of('SELECT cancel_requested_at IS NOT NULL FROM runs WHERE id = ?').pluck().get(id) === 1;
  }

  finish(id: string, outcome: RunCounts & { status: Exclude<RunStatus, 'running'>; errors: readonly RunError[]; message?: string; finishedAt: string }): void {
    this.db
      .prepare('UPDATE runs SET status = ?, read = ?, written = ?, failed = ?, skipped = ?, errors_json = ?, message = ?, finished_at = ? WHERE id = ?')
      .run(outcome.status, outcome.read, outcome.written, outcome.failed, outcome.skipped, JSON.stringify(outcome.errors), outcome.message ?? null, outcome.finishedAt, id);
  }

  get(flowId: string, runId: string): StoredRun | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ? AND flow_id = ?').get(runId, flowId) as RunRow | undefined;
    return row && fromRow(row);
  }

  /** Newest first, `limit` runs after skipping `offset`. */
  listOfFlow(flowId: string, limit: number, offset = 0): StoredRun[] {
    const rows = this.db.prepare('SELECT * FROM runs WHERE flow_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ? OFFSET ?').all(flowId, limit, offset) as RunRow[];
    return rows.map(fromRow);
  }

  countOfFlow(flowId: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM runs WHERE flow_id = ?').pluck().get(flowId) as number;
  }

  isRunning(flowId: string): boolean {
    return this.db.prepare("SELECT 1 FROM runs WHERE flow_id = ? AND status = 'running'").get(flowId) !== undefined;
  }
}
