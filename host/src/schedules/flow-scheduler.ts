import { Cron } from 'croner';
import { ConflictError } from '../errors/conflict-error';
import type { PinoLogger } from '../logging/pino-logger';
import type { FlowRunner } from '../runs/flow-runner';
import type { HostStore } from '../store/host-store';
import type { StoredFlow } from '../store/stored-records';
import { intervalSeconds } from './schedule-check';

/**
 * Starts flows on their schedules (croner, in the host's time zone). Jobs are rebuilt from the
 * store at start, so schedules survive restarts. A tick that finds the flow's previous run still
 * going starts nothing: a flow never runs twice at once.
 */
export class FlowScheduler {
  readonly #jobs = new Map<string, Cron>();

  constructor(
    private readonly store: HostStore,
    private readonly runner: FlowRunner,
    private readonly logger: PinoLogger,
  ) {}

  /** Arms every stored flow whose schedule is on. */
  startAll(): void {
    for (const flow of this.store.flows.list()) this.apply(flow);
  }

  /** (Re)arms one flow from its schedule; a flow without one, or switched off, gets no job. */
  apply(flow: StoredFlow): void {
    this.remove(flow.id);
    const schedule = flow.schedule;
    if (!schedule?.enabled) return;
    const fire = (): void => this.#fire(flow.id);
    // An interval job ticks each second but croner lets it fire only once per interval. Its first
    // run is one interval after it is armed (the "Next" the page lists), not at once.
    const job = schedule.kind === 'cron'
      ? new Cron(schedule.cron, { name: `flow-${flow.id}`, catch: true }, fire)
      : new Cron('* * * * * *', { name: `flow-${flow.id}`, interval: intervalSeconds(schedule), startAt: new Date(Date.now() + intervalSeconds(schedule) * 1000), catch: true }, fire);
    this.#jobs.set(flow.id, job);
  }

  remove(flowId: string): void {
    this.#jobs.get(flowId)?.stop();
    this.#jobs.delete(flowId);
  }

  /** When the flow runs next by itself (ISO), if it is scheduled. */
  nextRunAt(flowId: string): string | undefined {
    return this.#jobs.get(flowId)?.nextRun()?.toISOString();
  }

  stop(): void {
    for (const job of this.#jobs.values()) job.stop();
    this.#jobs.clear();
  }

  #fire(flowId: string): void {
    try {
      const runId = this.runner.start(flowId);
      this.logger.info('scheduled run started', { flowId, runId });
    } catch (error) {
      if (error instanceof ConflictError) this.logger.info('scheduled run skipped: the previous run is still going', { flowId });
      else this.logger.error('scheduled run could not start', { flowId, error: (error as Error).message });
    }
  }
}
