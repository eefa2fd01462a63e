import { Cron } from 'croner';
import type { StoredFlow } from '../store/stored-records';
import { intervalSeconds } from './schedule-check';

/**
 * When a flow's schedule is next due after `after`: the same instant on every host of a data
 * folder, since the due time is what hosts compete for (see ScheduleClaimRepository). A cron
 * expression gives it by itself (the host's time zone); an interval counts from the moment the
 * schedule was saved (the flow's `updatedAt`), not from when a host happened to arm it.
 * Undefined: no schedule, switched off, or a cron expression that never fires again.
 */
export function nextDueTime(flow: StoredFlow, after: Date): Date | undefined {
  const schedule = flow.schedule;
  if (!schedule?.enabled) return undefined;
  if (schedule.kind === 'cron') return new Cron(schedule.cron, { paused: true }).nextRun(after) ?? undefined;
  const everyMs = intervalSeconds(schedule) * 1000;
  const anchor = Date.parse(flow.updatedAt);
  const elapsed = after.getTime() - anchor;
  const steps = elapsed < 0 ? 1 : Math.floor(elapsed / everyMs) + 1;
  return new Date(anchor + steps * everyMs);
}
