import type { NodeRedNode } from '../node-red-api';
import type { CartRoverRuntime } from '../runtime/cartrover-runtime';

/** How often a busy node refreshes its pool's load in its status. */
export const POOL_STATUS_EVERY_MS = 250;

/**
 * A node's status while it works: its pool's requests in flight and queued (the pool is shared by
 * every node of the connection, its lender and its borrowers). Refreshed while at least one of the
 * node's messages is being handled; the timer stops with the last one, or when the node closes.
 */
export class PoolStatus {
  #busy = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly node: NodeRedNode,
    private readonly runtime: CartRoverRuntime,
    private readonly connectionNodeId: string,
  ) {}

  begin(): void {
    this.#busy += 1;
    if (this.#timer !== undefined) return;
    this.node.status({ fill: 'blue', shape: 'dot', text: 'waiting for the pool' });
    this.#timer = setInterval(() => void this.#refresh(), POOL_STATUS_EVERY_MS);
  }

  end(): void {
    this.#busy = Math.max(0, this.#busy - 1);
    if (this.#busy === 0) this.stop();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #refresh(): Promise<void> {
    const load = await this.runtime.poolLoad(this.connectionNodeId).catch(() => undefined);
    if (!load || this.#timer === undefined) return;
    this.node.status({ fill: 'blue', shape: 'dot', text: `${load.inFlight}/${load.level} in flight, ${load.queued} queued (pool "${load.poolName}")` });
  }
}
