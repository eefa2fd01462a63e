/**
 * Timestamp formats of the API (reference §4.5): ISO 8601 in UTC written `+00:00`, date-only
 * `YYYY-MM-DD`, product `last_updated_datetime` as `YYYY-MM-DD HH:MM:SS`; and the query
 * parameters `from_date`/`to_date`.
 */
import { ApiError } from './api-answer';

/** Stored times are whole seconds, like the API shows them, so a window bound equal to a shown time matches. */
export function toWholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export function formatIso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

export function formatDateOnly(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function formatProductDatetime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

const DATE_ONLY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
/** A `+` sent unencoded arrives as a space: `…T02:24:58 00:00`. */
const PLUS_DECODED_AS_SPACE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$/i;

/**
 * Parses a query timestamp. Choices (the real server's rules are unknown):
 * - a raw `+` that arrived as a space is tolerated and read as `+` (the docs ask for `%2B`);
 * - a time without a zone is read as UTC;
 * - a loose date `2020-10-9` (as C5 sends) means the start of that UTC day for from_date and its
 *   last second for to_date, so a date-only window includes both days.
 * Anything else is an `Invalid` error naming the parameter.
 */
export function parseQueryTimestamp(name: string, raw: string, edge: 'start' | 'end'): number {
  const value = raw.trim().replace(PLUS_DECODED_AS_SPACE, '$1+$2');
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) {
    const [year, month, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    const start = Date.UTC(year, month - 1, day);
    const check = new Date(start);
    if (check.getUTCMonth() === month - 1 && check.getUTCDate() === day) {
      return edge === 'start' ? start : start + 24 * 3600 * 1000 - 1000;
    }
  } else if (DATE_TIME.test(value)) {
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value.slice(10));
    const normalized = value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const ms = Date.parse(hasZone ? normalized : `${normalized}Z`);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new ApiError('Invalid', `Invalid ${name}: "${raw}". Use ISO 8601 with a timezone, e.g. 2018-08-27T02:24:58%2B00:00`);
}
