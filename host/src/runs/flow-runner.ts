import { randomUUID } from 'node:crypto';
import type { Clock, ExportOperation, ImportOperation, Logger } from 'cartrover-connector/contracts';
import type { AppCatalog } from '../apps/app-catalog';
import { ConflictError } from '../errors/conflict-error';
import { NotFoundError } from '../errors/not-found-error';
import type { PinoLogger } from '../logging/pino-logger';
import type { HostStore } from '../store/host-store';
import type { FlowStep, StoredFlow } from '../store/stored-records';
import { RunTally } from './run-tally';

interface ActiveRun {
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

/** A reason the run stops as a whole (as opposed to a failed record). */
class RunAbort extends Error {}

/** How often a run's counters are saved between batch ends. */
export const PROGRESS_SAVE_MS = 1000;

/**
 * Runs flows in the background: the source's records in batches of the destination's
 * `batchSize`, counts per record, progress saved after each batch. Several runs go at once; the
 * plugin's pools decide how many requests each may make. The delta watermark is kept only when
 * the run succeeds, i.e. finishes with no failed record, so nothing is skipped next time.
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
  start(flowId: string): string {
    const flow = this.store.flows.get(flowId);
    if (!flow) throw new NotFoundError('Flow', flowId);
    const runId = randomUUID();
    // Check and insert in one transaction: a flow never runs twice at once, whoever starts it.
    this.store.transaction(() => {
      if (this.store.runs.isRunning(flowId)) throw new ConflictError('flow_running', `Flow "${flow.name}" is already running; wait for that run to finish`);
      this.store.runs.start({ id: runId, flowId, startedAt: this.#now(), ...(this.ownerInstanceId === undefined ? {} : { ownerInstanceId: this.ownerInstanceId }) });
    });
    const controller = new AbortController();
    const done = this.#run(flow, runId, controller.signal).finally(() => this.#active.delete(runId));
    this.#active.set(runId, { controller, done });
    return runId;
  }

  /** Resolves when the run has finished (tests and the CLI wait on it). */
  async settled(runId: string): Promise<void> {
    await this.#active.get(runId)?.done;
  }

  /** Stops every run (they are recorded as failed) and waits for them. */
  async close(): Promise<void> {
    const runs = [...this.#active.values()];
    for (const run of runs) run.controller.abort(new RunAbort('The host is shutting down'));
    await Promise.allSettled(runs.map((run) => run.done));
  }

  async #run(flow: StoredFlow, runId: string, signal: AbortSignal): Promise<void> {
    const logger = this.logger.child({ flowId: flow.id, runId });
    const tally = new RunTally();
    let newWatermark: string | undefined;
    let fatal: string | undefined;
    logger.info('run started', { flowName: flow.name });
    // Besides each batch end: at least every second, so a crash loses at most a second of counts.
    const saver = setInterval(() => this.#saveProgress(runId, tally, logger), PROGRESS_SAVE_MS);
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
      });
      await this.#pump(records, destination, flow.destination, tally, signal, logger, runId);
    } catch (error) {
      fatal = signal.aborted && signal.reason instanceof RunAbort ? signal.reason.message : (error as Error).message;
    } finally {
      clearInterval(saver);
    }
    const status = fatal === undefined && tally.failed === 0 ? 'succeeded' : 'failed';
    if (fatal !== undefined) tally.runError(fatal);
    const finishedAt = this.#now();
    try {
      this.store.transaction(() => {
        this.store.runs.finish(runId, { ...tally.counts(), status, errors: tally.errors, ...(fatal === undefined ? {} : { message: fatal }), finishedAt });
        if (status === 'succeeded' && newWatermark !== undefined) this.store.watermarks.set(flow.id, newWatermark, finishedAt);
      });
    } catch (error) {
      logger.error('run result could not be saved', { error: (error as Error).message });
    }
    logger.info('run finished', { status, ...tally.counts(), ...(fatal === undefined ? {} : { reason: fatal }) });
  }

  #saveProgress(runId: string, tally: RunTally, logger: Logger): void {
    try {
      this.store.runs.progress(runId, tally.counts(), tally.errors);
    } catch (error) {
      logger.warn('run progress could not be saved', { error: (error as Error).message });
    }
  }

  /** Reads, batches and writes; a batch that throws counts as failed records, the run goes on. */
  async #pump(records: AsyncIterable<Record<string, unknown>>, destination: ImportOperation, step: FlowStep, tally: RunTally, signal: AbortSignal, logger: Logger, runId: string): Promise<void> {
    const batchSize = Math.max(1, Math.floor(destination.batchSize) || 1);
    const context = { ...(step.connectionId === undefined ? {} : { connectionId: step.connectionId }), config: step.config, signal, logger };
    let batch: unknown[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const offset = tally.read - batch.length;
      const current = batch;
      batch = [];
      try {
        tally.countBatch(offset, current.length, await destination.write(context, current));
      } catch (error) {
        if (signal.aborted) {
          tally.failBatch(offset, current.length, 'the run was stopped');
          throw error;
        }
        tally.failBatch(offset, current.length, (error as Error).message);
      }
      this.store.runs.progress(runId, tally.counts(), tally.errors);
    };
    try {
      for await (const record of records) {
        signal.throwIfAborted();
        tally.read += 1;
        batch.push(record);
        if (batch.length >= batchSize) await flush();
      }
    } finally {
      // Records already read are written even when reading failed later: none is left uncounted.
      if (!signal.aborted) await flush();
      else if (batch.length > 0) tally.failBatch(tally.read - batch.length, batch.length, 'the run was stopped');
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
