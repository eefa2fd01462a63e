import { getEventListeners } from 'node:events';

/** How one wire attempt can be stopped: its own timeout or its caller's signal. */
export interface AttemptAbort {
  /** What axios listens to for this attempt. */
  readonly signal: AbortSignal;
  /** The attempt's own timeout fired (not the caller). */
  readonly timedOut: boolean;
  /** The attempt ended: stops the timer and the caller watch; the controller may serve another attempt. */
  close(): void;
}

/**
 * One attempt's abort. A class, not an object literal with a `get timedOut()`: a literal with an
 * accessor, made per attempt, was promoted to V8's old generation although it died at once
 * (measured with `--trace-gc-nvp`: 200 000 such literals promoted 14 MB, as many class instances
 * 0.2 MB); in an import it was the largest share of what each order left in the old generation.
 */
class OpenAttempt implements AttemptAbort {
  readonly signal: AbortSignal;
  #timedOut = false;
  readonly #timer: NodeJS.Timeout;
  readonly #stopWatching: (() => void) | undefined;

  constructor(
    controller: AbortController,
    timeoutMs: number,
    watchCaller: (onAbort: () => void) => (() => void) | undefined,
    private readonly release: () => void,
  ) {
    this.signal = controller.signal;
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      controller.abort();
    }, timeoutMs);
    this.#stopWatching = watchCaller(() => controller.abort());
  }

  get timedOut(): boolean {
    return this.#timedOut;
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#stopWatching?.();
    this.release();
  }
}

/** Idle controllers kept for reuse; more than a pool's level of attempts is rare. */
const MAX_IDLE_CONTROLLERS = 32;

/**
 * The abort side of every wire attempt, built so that an attempt leaves nothing that outlives it
 * in V8's old generation (issue 25, memory flat over a long import):
 *
 * - **Controllers are reused.** Node 20 gives every new AbortSignal a hidden class of its own, and
 *   measured with `--trace-gc-nvp`, every one of them (with what its listeners hold: the attempt's
 *   axios state) was promoted to the old generation, ~1.3 KB per request, which filled the old
 *   generation to the next major GC's limit over a 100 000-order import. A controller whose signal
 *   never aborted and has no listener left is as good as new, so it serves the next attempt.
 * - **One listener per caller signal** while attempts use it, not one per attempt. A run's attempts
 *   share their caller's signal; Node's EventTarget leaves a removed listener linked to the next
 *   one, so listeners added and removed on a long-lived signal kept each other alive across
 *   young-generation GCs.
 */
export class AttemptAborts {
  readonly #idle: AbortController[] = [];
  readonly #watchers = new WeakMap<AbortSignal, { readonly callbacks: Set<() => void>; readonly listener: () => void }>();

  /** Starts an attempt's abort: fires on `timeoutMs` or when `callerSignal` aborts. */
  open(callerSignal: AbortSignal | undefined, timeoutMs: number): AttemptAbort {
    const controller = this.#idle.pop() ?? new AbortController();
    return new OpenAttempt(controller, timeoutMs, (onAbort) => (callerSignal ? this.#watch(callerSignal, onAbort) : undefined), () => this.#release(controller));
  }

  #release(controller: AbortController): void {
    const { signal } = controller;
    // Only a signal that never fired and that nobody listens to any more is reused.
    if (signal.aborted || this.#idle.length >= MAX_IDLE_CONTROLLERS || getEventListeners(signal, 'abort').length > 0) return;
    this.#idle.push(controller);
  }

  #watch(signal: AbortSignal, onAbort: () => void): () => void {
    if (signal.aborted) {
      onAbort();
      return () => undefined;
    }
    let watcher = this.#watchers.get(signal);
    if (!watcher) {
      const callbacks = new Set<() => void>();
      const listener = (): void => {
        for (const callback of [...callbacks]) callback();
      };
      watcher = { callbacks, listener };
      this.#watchers.set(signal, watcher);
      signal.addEventListener('abort', listener, { once: true });
    }
    const { callbacks, listener } = watcher;
    callbacks.add(onAbort);
    return () => {
      callbacks.delete(onAbort);
      // The last attempt on this signal ended: a listener left on it would keep a composite
      // signal (AbortSignal.any) alive for good, as Node holds those while they have listeners.
      if (callbacks.size === 0 && this.#watchers.get(signal)?.callbacks === callbacks) {
        signal.removeEventListener('abort', listener);
        this.#watchers.delete(signal);
      }
    };
  }
}
