import { hostTimeZone, scheduleInWords } from '../schedules/schedule-words';
import type { HostStore } from '../store/host-store';
import type { StoredFlow, StoredRun } from '../store/stored-records';

/**
 * The REST shape of a flow: what is stored (no secrets live in a flow) plus what a person wants
 * to see beside it: the latest run, and the schedule in words with its next time.
 */
export type FlowView = StoredFlow & {
  readonly lastRun: StoredRun | null;
  readonly scheduleText?: string;
  readonly nextRunAt?: string;
  readonly timeZone: string;
};

export function flowView(flow: StoredFlow, store: HostStore, nextRunAt: (flowId: string) => string | undefined): FlowView {
  const next = nextRunAt(flow.id);
  return {
    ...flow,
    lastRun: store.runs.listOfFlow(flow.id, 1)[0] ?? null,
    ...(flow.schedule === undefined ? {} : { scheduleText: scheduleInWords(flow.schedule) }),
    ...(next === undefined ? {} : { nextRunAt: next }),
    timeZone: hostTimeZone(),
  };
}
