import { ConflictError } from '../errors/conflict-error';
import type { PinoLogger } from '../logging/pino-logger';
import type { FlowRunner } from '../runs/flow-runner';
import type { HostStore } from '../store/host-store';
import type { StoredFlow } from '../store/stored-records';
import { nextDueTime } from './due-times';

/** How often a host looks whether another host on the data folder changed a flow (well within 1 s). */
const WATCH_MS = 250;
/** setTimeout's longest delay (about 24.8 days); a later due time is reached in steps. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export interface FlowSchedulerOptions {
  /** The host instance claiming due times (see ScheduleClaimRepository). */
  readonly instanceId: string;
  readonly watchMs?: number;
  readonly now?: () => number;
}

interface Armed {
  /** The flow's version the timer was armed from. */
  readonly version: number;
  readonly due?: Date;
  readonly timer?: NodeJS.Timeout;
}

/**
 * Starts flows on their schedules, once per due time across every host of the data folder:
 * each host arms a timer for the next due time (the same instant on every host, see
 * due-times.ts), and the first host whose timer fires claims that due time in the store; the
 * others find it taken. Schedules changed on another host are picked up from the store within
 * a quarter second (SQLite's change counter tells when to look), and a claim checks the flow's
 * version, so a schedule removed on one host never fires on another. A tick that finds the
 * flow's previous run still going starts nothing: a flow never runs twice at once.
 */
export class FlowScheduler {
  readonly #armed = new Map<string, Armed>();
  readonly #watchMs: number;
  readonly #now: () => number;
  #watch: NodeJS.Timeout | undefined;
  #seenDataVersion: number | undefined;

  constructor(
    private readonly store: HostStore,
    private readonly runner: FlowRunner,
    private readonly logger: PinoLogger,
    private readonly options: FlowSchedulerOptions,
  ) {
    this.#watchMs = options.watchMs ?? WATCH_MS;
    this.#now = options.now ?? Date.now;
  }

  /** Arms every stored flow whose schedule is on, and starts watching the store for changes. */
  startAll(): void {
    this.#seenDataVersion = this.store.dataVersion();
    for (const flow of this.store.flows.list()) this.apply(flow);
    this.#watch ??= setInterval(() => this.#reconcile(), this.#watchMs);
    this.#watch.unref();
  }

  /** (Re)arms one flow from its schedule; a flow without one, or switched off, gets no timer. */
  apply(flow: StoredFlow): void {
    if (!flow.schedule) return this.remove(flow.id);
    this.#disarm(flow.id);
    this.#arm(flow, flow.version ?? 1);
  }

  remove(flowId: string): void {
    this.#disarm(flowId);
    this.#armed.delete(flowId);
  }

  /** When the flow runs next by itself (ISO), if it is scheduled. */
  nextRunAt(flowId: string): string | undefined {
    return this.#armed.get(flowId)?.due?.toISOString();
  }

  stop(): void {
    clearInterval(this.#watch);
    this.#watch = undefined;
    for (const flowId of [...this.#armed.keys()]) this.remove(flowId);
  }

  #arm(flow: StoredFlow, version: number): void {
    const due = nextDueTime(flow, new Date(this.#now()));
    if (due === undefined) {
      this.#armed.set(flow.id, { version });
      return;
    }
    this.#armed.set(flow.id, { version, due, timer: this.#timerFor(flow, version, due) });
  }

  #timerFor(flow: StoredFlow, version: number, due: Date): NodeJS.Timeout {
    const wait = due.getTime() - this.#now();
    if (wait > LONGEST_TIMER_MS) {
      return setTimeout(() => this.#armed.set(flow.id, { version, due, timer: this.#timerFor(flow, version, due) }), LONGEST_TIMER_MS);
    }
    return setTimeout(() => this.#fire(flow, version, due), Math.max(0, wait));
  }

  #disarm(flowId: string): void {
    clearTimeout(this.#armed.get(flowId)?.timer);
  }

  #fire(flow: StoredFlow, version: number, due: Date): void {
    const dueAt = due.toISOString();
    let claim;
    try {
      claim = this.store.scheduleClaims.claim(flow.id, dueAt, version, this.options.instanceId, new Date(this.#now()).toISOString());
    } catch (error) {
      this.logger.error('scheduled run could not be claimed', { flowId: flow.id, dueAt, error: (error as Error).message });
      claim = 'taken' as const;
    }
    if (claim === 'changed') {
      this.#refresh(flow.id);
      return;
    }
    if (claim === 'claimed') this.#start(flow.id, dueAt);
    // The next due time strictly after this one, and after now: ticks missed while stalled are not made up.
    const next = nextDueTime(flow, new Date(Math.max(this.#now(), due.getTime())));
    if (this.#armed.get(flow.id)?.version !== version) return; // re-armed meanwhile (the run's own save)
    this.#armed.set(flow.id, next === undefined ? { version } : { version, due: next, timer: this.#timerFor(flow, version, next) });
  }

  #start(flowId: string, scheduledFor: string): void {
    try {
      const runId = this.runner.start(flowId, { scheduledFor });
      this.logger.info('scheduled run started', { flowId, runId, scheduledFor });
    } catch (error) {
      if (error instanceof ConflictError) this.logger.info('scheduled run skipped: the previous run is still going', { flowId });
      else this.logger.error('scheduled run could not start', { flowId, error: (error as Error).message });
    }
  }

  /** Re-reads one flow from the store: re-armed from what it is now, or forgotten when gone. */
  #refresh(flowId: string): void {
    const flow = this.store.flows.get(flowId);
    if (flow) this.apply(flow);
    else this.remove(flowId);
  }

  /**
   * Another host changed the store: flows whose schedule appeared, changed (a new version) or went
   * away are re-armed or forgotten. Own changes arrive through {@link apply} and {@link remove}.
   */
  #reconcile(): void {
    try {
      const dataVersion = this.store.dataVersion();
      if (dataVersion === this.#seenDataVersion) return;
      this.#seenDataVersion = dataVersion;
      const versions = this.store.flows.scheduleVersions();
      for (const flowId of [...this.#armed.keys()]) {
        if (!versions.has(flowId)) this.remove(flowId);
      }
      for (const [flowId, version] of versions) {
        if (this.#armed.get(flowId)?.version !== version) this.#refresh(flowId);
      }
    } catch (error) {
      this.logger.error('schedules could not be compared with the store', { error: (error as Error).message });
    }
  }
}
