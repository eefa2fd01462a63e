/**
 * Runs tasks one after another per key (a connection id): an edit without a version waits for the
 * edit before it, so it validates, tests and writes over the state that edit left, never over a
 * stale read. Different keys run in parallel. In-process only; across processes the versioned
 * write (compare and set) catches what this cannot.
 */
export class PerKeyQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
