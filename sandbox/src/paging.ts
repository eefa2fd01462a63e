/** `limit`/`page` paging (reference §4.4): limit default 20, max 100, page from 1, `[]` past the end. */
import { ApiError } from './api-answer';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export interface Page {
  limit: number;
  page: number;
}

function positiveInteger(name: string, raw: string | null, fallback: number): number {
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new ApiError('Invalid', `Invalid ${name}: "${raw}" (a whole number from 1)`);
  }
  return value;
}

/**
 * A limit over 100 is an `Invalid` error rather than a silent cap (U2 rejects it; a silent cap
 * would hide a client bug that pages by its own limit and would stop after the first "short" page).
 * The same cap applies to the inventory list, whose real cap is unknown.
 */
export function readPage(query: URLSearchParams): Page {
  const limit = positiveInteger('limit', query.get('limit'), DEFAULT_LIMIT);
  if (limit > MAX_LIMIT) throw new ApiError('Invalid', `Invalid limit: ${limit} (the maximum is ${MAX_LIMIT})`);
  return { limit, page: positiveInteger('page', query.get('page'), 1) };
}

export function slicePage<T>(rows: readonly T[], { limit, page }: Page): T[] {
  const start = (page - 1) * limit;
  return rows.slice(start, start + limit);
}
