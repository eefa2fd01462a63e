import { randomUUID } from 'node:crypto';
import { openImportSession, pumpRecords } from 'cartrover-connector/contracts';
import type { Clock, ExportOperation, ImportOperation, Logger } from 'cartrover-connector/contracts';
import type { AppCatalog } from '../apps/app-catalog';
import { ConflictError } from '../errors/conflict-error';
import { NotFoundError } from '../errors/not-found-error';
import type { PinoLogger } from '../logging/pino-logger';
import type { HostStore } from '../store/host-store';
import type { FlowStep, RunStatus, StoredFlow, StoredRun } from '../store/stored-records';
import { RunTally } from './run-tally';
import { compileTransform } from '../flows/record-transform';
import { transformingSession } from './transforming-session';

/** How a finished run is labelled (see FlowRunner). */
function statusOf(tally: RunTally, fatal: string | undefined, stopped: boolean): Exclude<RunStatus, 'running'> {
  if (fatal !== undefined) return 'failed';
  if (stopped) return 'canceled';
  if (tally.failed === 0) return 'succeeded';
  return tally.written > 0 ? 'partial' : 'failed';
}

interface ActiveRun {
  readonly flowId: string;
  /** Aborts what is in flight (host shutdown). */
  readonly abort: AbortController;
  /** Stops reading (a user's Stop, or shutdown): what is in flight finishes and is counted. */
  readonly stop: AbortController;
  readonly done: Promise<void>;
}

/** A reason the run stops as a whole (as opposed to a failed record). */
class RunAbort extends Error {}

/** How often a run's counters are saved (and a Stop asked for on another host is looked for). */
export const PROGRESS_SAVE_MS = 1000;
/** Counters are saved after this many results too: a fast destination (a file) is never far behind. */
export const PROGRESS_SAVE_RESULTS = 100;

/**
 * Runs flows in the background. The source's records stream into the destination through the
 * plugin contract's pump (`pumpRecords`): as many in flight as the destination's window (its
 * pool's level) plus a small read-ahead, a freed place taken by the next record at once. Each
 * record is counted when its result arrives; counts are saved every second and at the end, so a
 * killed run's counts are what was done. Several runs go at once; the plugin's pools decide how
 * many requests each may make. The delta watermark is kept only when the run succeeds, i.e.
 * finishes with no failed record, so nothing is skipped next time.
 *
 * Statuses: `succeeded` (no record failed), `partial` (some written, some failed), `failed`
 * (nothing written, or the run itself broke: offline connection, source error, full disk,
 * shutdown), `canceled` (a user's Stop: records not yet handed in are not; those in flight finish
 * and are counted).
 */
export class FlowRunner {
  readonly #active = new Map<string, ActiveRun>();

  constructor(
    private readonly store: HostStore,
    private readonly catalog: AppCatalog,
    private readonly clock: Clock,
    private readonly logger: PinoLogger,
    /** The host instance that owns the runs started here (see HostInstance). */
    private readonly ownerInstanceId?: string,
  ) {}

  /** Starts a run and answers at once with its id; 409 while the flow's previous run goes on. */
  start(flowId: string, trigger: { scheduledFor?: string } = {}): string {
    const flow = this.store.flows.get(flowId);
    if (!flow) throw new NotFoundError('Flow', flowId);
    const runId = randomUUID();
    // Check and insert in one transaction: a flow never runs twice at once, whoever starts it.
    this.store.transaction(() => {
      if (this.store.runs.isRunning(flowId)) throw new ConflictError('flow_running', `Flow "${flow.name}" is already running; wait for that run to finish`);
      this.store.runs.start({ id: runId, flowId, startedAt: this.#now(), ...trigger, ...(this.ownerInstanceId === undefined ? {} : { ownerInstanceId: this.ownerInstanceId }) });
    });
    const abort = new AbortController();
    const stop = new AbortController();
    const done = this.#run(flow, runId, abort.signal, stop).finally(() => this.#active.delete(runId));
    this.#active.set(runId, { flowId, abort, stop, done });
    return runId;
  }

  /**
   * A user's Stop: the run reads no further record, those in flight finish and are counted, then it
   * ends `canceled`. A run of another host on the data folder is asked through the store (its host
   * looks every second). Answers the run as it is now (still `running`, `cancelRequested`).
   */
  cancel(flowId: string, runId: string): StoredRun {
    const run = this.store.runs.get(flowId, runId);
    if (!run) throw new NotFoundError(`Run of flow ${flowId}`, runId);
    if (run.status !== 'running' || !this.store.runs.requestCancel(runId, this.#now())) {
      throw new ConflictError('run_finished', `The run already finished (${run.status}); there is nothing to stop`);
    }
    this.#active.get(runId)?.stop.abort();
    return this.store.runs.get(flowId, runId) as StoredRun;
  }

  /** Resolves when the run has finished (tests and the CLI wait on it). */
  async settled(runId: string): Promise<void> {
    await this.#active.get(runId)?.done;
  }

  /** Stops every run (they are recorded as failed) and waits for them. */
  async close(): Promise<void> {
    const runs = [...this.#active.values()];
    for (const run of runs) {
      run.abort.abort(new RunAbort('The host is shutting down'));
      run.stop.abort();
    }
    await Promise.allSettled(runs.map((run) => run.done));
  }

  async #run(flow: StoredFlow, runId: string, signal: AbortSignal, stop: AbortController): Promise<void> {
    const logger = this.logger.child({ flowId: flow.id, runId });
    const tally = new RunTally();
    let newWatermark: string | undefined;
    let fatal: string | undefined;
    let stopped = false;
    let resultsSinceSave = 0;
    logger.info('run started', { flowName: flow.name });
    // At least every second, so a crash loses at most a second of counts.
    const saver = setInterval(() => {
      resultsSinceSave = 0;
      this.#saveProgress(runId, tally, logger);
      if (!stop.signal.aborted && this.#cancelAsked(runId, logger)) stop.abort();
    }, PROGRESS_SAVE_MS);
    saver.unref();
    try {
      const source = this.#operation(flow.source, 'source') as ExportOperation;
      const destination = this.#operation(flow.destination, 'destination') as ImportOperation;
      this.#refuseOffline(flow);
      const watermark = this.store.watermarks.get(flow.id);
      const records = source.read({
        ...(flow.source.connectionId === undefined ? {} : { connectionId: flow.source.connectionId }),
        config: flow.source.config,
        signal,
        logger,
        ...(watermark === undefined ? {} : { watermark }),
        setWatermark: (value: string) => {
          newWatermark = value;
        },
        setTotal: (total: number) => {
          tally.total = total;
          this.#saveTotal(runId, total, logger);
        },
      });
      const step = flow.destination;
      const context = { ...(step.connectionId === undefined ? {} : { connectionId: step.connectionId }), config: step.config, signal, logger };
      // The flow's transform, when it has one, shapes each record on its way in (a small step of its own).
      const transform = flow.transform === undefined ? undefined : compileTransform(flow.transform);
      const opened = await openImportSession(destination, context);
      const session = transform === undefined ? opened : transformingSession(opened, transform);
      try {
        const outcome = await pumpRecords(session, records, {
          stop: stop.signal,
          onStart: () => {
            tally.read += 1;
          },
          onSettled: (result, record) => {
            tally.count(result, record);
            resultsSinceSave += 1;
            if (resultsSinceSave >= PROGRESS_SAVE_RESULTS) {
              resultsSinceSave = 0;
              this.#saveProgress(runId, tally, logger);
            }
          },
        });
        stopped = outcome.stopped;
      } finally {
        await session.close();
      }
    } catch (error) {
      fatal = signal.aborted && signal.reason instanceof RunAbort ? signal.reason.message : (error as Error).message;
    } finally {
      clearInterval(saver);
    }
    const status = statusOf(tally, fatal, stopped);
    if (fatal !== undefined) tally.runError(fatal);
    const message = fatal ?? (status === 'canceled' ? `Stopped by a user after ${tally.read} records; the records not yet sent were not sent.` : undefined);
    const finishedAt = this.#now();
    try {
      this.store.transaction(() => {
        this.store.failedRecords.add(runId, tally.takeUnsavedRecords());
        this.store.runs.finish(runId, { ...tally.counts(), status, errors: tally.errors, ...(message === undefined ? {} : { message }), finishedAt });
        if (status === 'succeeded' && newWatermark !== undefined) this.store.watermarks.set(flow.id, newWatermark, finishedAt);
      });
    } catch (error) {
      logger.error('run result could not be saved', { error: (error as Error).message });
    }
    logger.info('run finished', { status, ...tally.counts(), ...(fatal === undefined ? {} : { reason: fatal }) });
  }

  #saveProgress(runId: string, tally: RunTally, logger: Logger): void {
    try {
      const records = tally.takeUnsavedRecords();
      if (records.length === 0) this.store.runs.progress(runId, tally.counts(), tally.errors);
      else {
        // The errors and their records together: the download never lists an error without its record.
        this.store.transaction(() => {
          this.store.failedRecords.add(runId, records);
          this.store.runs.progress(runId, tally.counts(), tally.errors);
        });
      }
    } catch (error) {
      logger.warn('run progress could not be saved', { error: (error as Error).message });
    }
  }

  #saveTotal(runId: string, total: number, logger: Logger): void {
    try {
      this.store.runs.setTotal(runId, total);
    } catch (error) {
      logger.warn('run total could not be saved', { error: (error as Error).message });
    }
  }

  #cancelAsked(runId: string, logger: Logger): boolean {
    try {
      return this.store.runs.cancelRequested(runId);
    } catch (error) {
      logger.warn('run stop request could not be read', { error: (error as Error).message });
      return false;
    }
  }

  #operation(step: FlowStep, role: 'source' | 'destination'): ExportOperation | ImportOperation {
    const app = this.catalog.get(step.appId);
    const operation = app?.operations.find((candidate) => candidate.id === step.operation && candidate.role === role);
    if (!operation) throw new RunAbort(`The ${role} operation "${step.operation}" of app "${step.appId}" is not available in this host`);
    return operation;
  }

  /** integrator.io: a flow whose connection is offline does not run. */
  #refuseOffline(flow: StoredFlow): void {
    for (const step of [flow.source, flow.destination]) {
      if (step.connectionId === undefined) continue;
      const connection = this.store.connections.get(step.connectionId);
      if (!connection) throw new RunAbort(`The connection ${step.connectionId} no longer exists`);
      if (connection.offline) {
        const reason = connection.lastTest?.message ? `: ${connection.lastTest.message}` : '';
        throw new RunAbort(`Connection "${connection.name}" is offline${reason}. Test it again to bring it back online.`);
      }
    }
  }

  #now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
