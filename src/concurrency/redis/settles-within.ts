import type { Clock } from '../../contracts';

/** True when `work` settles within `ms` (its outcome is the caller's concern), false after. */
export async function settlesWithin(work: Promise<unknown>, ms: number, clock: Clock): Promise<boolean> {
  const stop = new AbortController();
  const expired = clock.sleep(ms, stop.signal).then(
    () => false,
    () => false,
  );
  try {
    return await Promise.race([work.then(() => true, () => true), expired]);
  } finally {
    stop.abort();
  }
}
