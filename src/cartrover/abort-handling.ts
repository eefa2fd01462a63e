import { CartRoverError } from './cartrover-error';

/** The error every caller abort becomes, wherever it happens (pacing, request, retry wait). */
export function abortedError(details: { method?: string; path?: string } = {}): CartRoverError {
  return new CartRoverError({ kind: 'aborted', message: 'The CartRover request was aborted by the caller.', ...details });
}

export function throwIfAborted(signal: AbortSignal | undefined, details?: { method?: string; path?: string }): void {
  if (signal?.aborted) throw abortedError(details);
}

/**
 * Waits via the clock; a caller abort becomes an `aborted` CartRoverError instead of whatever
 * reason the signal carries.
 */
export async function abortableSleep(
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ms: number,
  signal: AbortSignal | undefined,
  details?: { method?: string; path?: string },
): Promise<void> {
  throwIfAborted(signal, details);
  try {
    await sleep(ms, signal);
  } catch (error) {
    if (signal?.aborted) throw abortedError(details);
    throw error;
  }
}

/** Resolves with `promise`, or rejects with an `aborted` error as soon as the signal fires. */
export function raceWithAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  details?: { method?: string; path?: string },
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortedError(details));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortedError(details));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
