/**
 * One `abort` listener per signal for all the waiters that share it. A flow passes one signal to
 * every request it makes, and with Redis many of them wait at once: a listener each would pass
 * Node's limit of 10 per EventTarget and print MaxListenersExceededWarning.
 */
export class AbortFanout {
  private readonly watchers = new WeakMap<AbortSignal, Set<() => void>>();

  /** Calls `onAbort` when `signal` aborts; returns the function that stops watching. */
  watch(signal: AbortSignal, onAbort: () => void): () => void {
    let callbacks = this.watchers.get(signal);
    if (!callbacks) {
      const created = new Set<() => void>();
      callbacks = created;
      this.watchers.set(signal, created);
      signal.addEventListener(
        'abort',
        () => {
          this.watchers.delete(signal);
          for (const callback of [...created]) callback();
        },
        { once: true },
      );
    }
    const set = callbacks;
    set.add(onAbort);
    return () => {
      set.delete(onAbort);
    };
  }
}
