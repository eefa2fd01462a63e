import { CartRoverError } from './cartrover-error';

/** CartRover's largest page (reference §4.4). A bigger `limit` could be capped silently by the
 *  server, and a capped page would then look short and end an iteration early. */
export const MAX_PAGE_SIZE = 100;

/** Checks `limit`/`page` before any request; bad values are `config` errors. */
export function checkPaging(limit: number | undefined, page: number | undefined): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)) {
    throw new CartRoverError({ kind: 'config', message: `The page size (limit) must be an integer from 1 to ${MAX_PAGE_SIZE}; got ${String(limit)}.` });
  }
  if (page !== undefined && (!Number.isInteger(page) || page < 1)) {
    throw new CartRoverError({ kind: 'config', message: `The page number must be an integer from 1; got ${String(page)}.` });
  }
}

/**
 * Yields every row of a paged list, one page in memory at a time. CartRover has no total or next
 * link: a page shorter than `limit` (or empty) is the last one.
 */
export async function* paginate<T>(
  fetchPage: (page: number, limit: number) => Promise<readonly T[]>,
  firstPage = 1,
  limit = MAX_PAGE_SIZE,
): AsyncGenerator<T, void, undefined> {
  checkPaging(limit, firstPage);
  for (let page = firstPage; ; page += 1) {
    const rows = await fetchPage(page, limit);
    if (rows.length > limit) {
      // The server ignored the page size: paging further could repeat or skip rows.
      throw new CartRoverError({
        kind: 'invalid_response',
        message: `CartRover returned ${rows.length} rows for a page of ${limit}; paging cannot continue safely.`,
      });
    }
    yield* rows;
    if (rows.length < limit) return;
  }
}
