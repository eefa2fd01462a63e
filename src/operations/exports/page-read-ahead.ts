import { CartRoverError } from '../../cartrover';

export interface ReadAheadOptions {
  readonly pageSize: number;
  /** Page requests kept in flight; 1 = strictly one page after the other. */
  readonly pagesInFlight: number;
  readonly signal: AbortSignal;
}

/**
 * Rows of a CartRover list (`limit`/`page` from 1; a short page is the last one), with up to
 * `pagesInFlight` page requests outstanding and results yielded in page order.
 *
 * Why: reads are paced to CartRover's refill rate (one call per 600 ms). When a page takes longer
 * than that to answer (100 full orders can), one-page-at-a-time paging is bound by latency, not by
 * the rate limit; keeping the next page requested while the current one is in flight lets the
 * export run at the rate limit. Cost: when the last page turns out short, the requests already
 * made for the pages after it are wasted (at most pagesInFlight - 1 calls), and aborted.
 * Memory stays bounded: at most pagesInFlight pages are held.
 */
export async function* readPagesAhead<T>(
  fetchPage: (page: number, limit: number, signal: AbortSignal) => Promise<readonly T[]>,
  options: ReadAheadOptions,
): AsyncGenerator<T, void, undefined> {
  const { pageSize } = options;
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  const pending: Promise<readonly T[]>[] = [];
  let nextPage = 1;
  const requestNextPage = (): void => {
    const rows = fetchPage(nextPage, pageSize, signal);
    // Requests made past the end are abandoned: their failure (often our own abort) is not an error.
    rows.catch(() => undefined);
    pending.push(rows);
    nextPage += 1;
  };

  try {
    for (let n = 0; n < Math.max(1, options.pagesInFlight); n += 1) requestNextPage();
    for (;;) {
      const rows = await (pending.shift() as Promise<readonly T[]>);
      if (rows.length > pageSize) {
        // The server ignored the page size: paging further could repeat or skip rows.
        throw new CartRoverError({
          kind: 'invalid_response',
          message: `CartRover returned ${rows.length} rows for a page of ${pageSize}; paging cannot continue safely.`,
        });
      }
      const last = rows.length < pageSize;
      if (!last) requestNextPage();
      yield* rows;
      if (last) return;
    }
  } finally {
    stop.abort();
  }
}
