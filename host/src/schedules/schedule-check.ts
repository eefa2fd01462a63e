import { Cron } from 'croner';
import type { FlowSchedule, ScheduleUnit } from '../store/stored-records';

const SECONDS_PER_UNIT: Readonly<Record<ScheduleUnit, number>> = { seconds: 1, minutes: 60, hours: 3600 };
/** A week: longer intervals are better written as cron expressions. */
const MAX_INTERVAL_SECONDS = 7 * 24 * 3600;

export function intervalSeconds(schedule: Extract<FlowSchedule, { kind: 'interval' }>): number {
  return schedule.every * SECONDS_PER_UNIT[schedule.unit];
}

/** What is wrong with a schedule, as a sentence for the schedule field; undefined when it is fine. */
export function scheduleProblem(schedule: FlowSchedule): string | undefined {
  if (schedule.kind === 'cron') {
    try {
      new Cron(schedule.cron, { paused: true }).stop();
      return undefined;
    } catch {
      return `"${schedule.cron}" is not a cron expression the schedule understands; write five fields such as "0 2 * * *" (every day at 02:00) or "*/15 * * * *" (every 15 minutes).`;
    }
  }
  if (!Number.isInteger(schedule.every) || schedule.every < 1) return 'The interval must be a whole number of at least 1.';
  if (intervalSeconds(schedule) > MAX_INTERVAL_SECONDS) return 'The interval can be at most one week; use a cron expression for longer periods.';
  return undefined;
}
