import { setMaxListeners } from 'node:events';

/**
 * The signal the requests of one batch listen to: follows the step's signal, and allows one abort
 * listener per record. Every in-flight or queued request of the batch listens for an abort, so a
 * batch of 100 would otherwise trip Node's "possible EventTarget memory leak" warning (limit 10),
 * and raising the limit on the host's own signal is not ours to do.
 */
export function batchSignal(stepSignal: AbortSignal, records: number): AbortSignal {
  const signal = AbortSignal.any([stepSignal]);
  // Per record: the request's own listener plus those of a pool wait and a retry wait.
  setMaxListeners(Math.max(10, records * 3 + 10), signal);
  return signal;
}
