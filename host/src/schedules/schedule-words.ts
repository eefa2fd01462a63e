import cronstrue from 'cronstrue';
import type { FlowSchedule } from '../store/stored-records';

/** The host's time zone: schedules fire in it, and the page says so. */
export function hostTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A schedule as a sentence a person reads ("At 02:00 AM (Europe/Berlin)", "Every 5 minutes"). */
export function scheduleInWords(schedule: FlowSchedule): string {
  if (schedule.kind === 'interval') {
    const unit = schedule.every === 1 ? schedule.unit.replace(/s$/, '') : schedule.unit;
    return `Every ${schedule.every} ${unit}`;
  }
  let words: string;
  try {
    words = cronstrue.toString(schedule.cron, { use24HourTimeFormat: true, verbose: false });
  } catch {
    words = `On the cron schedule "${schedule.cron}"`;
  }
  return `${words} (${hostTimeZone()})`;
}
