/**
 * The messages a node is handling: each runs under the node's abort signal, and `close` aborts
 * them and waits until every one has settled (its requests ended, its permits returned), so a
 * redeploy never leaves a request holding a permit.
 */
export class NodeWork {
  readonly #controller = new AbortController();
  readonly #active = new Set<Promise<void>>();

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Runs one message's handling; `task` reports its own errors (through `done`). */
  run(task: () => Promise<void>): void {
    const running = task().catch(() => undefined);
    this.#active.add(running);
    void running.finally(() => this.#active.delete(running));
  }

  async close(reason: string): Promise<void> {
    this.#controller.abort(new Error(reason));
    await Promise.allSettled([...this.#active]);
  }
}
