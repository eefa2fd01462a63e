/**
 * Which apps' pools are out of step with their stored connections, and why: set when a lifecycle
 * sync fails, cleared when one succeeds. /api/pools marks those apps' pools as degraded.
 */
export class PoolSyncHealth {
  readonly #failures = new Map<string, string>();

  failed(appId: string, reason: string): void {
    this.#failures.set(appId, reason);
  }

  succeeded(appId: string): void {
    this.#failures.delete(appId);
  }

  /** Why the app's pools are degraded, or undefined when its last sync succeeded. */
  reasonFor(appId: string): string | undefined {
    return this.#failures.get(appId);
  }
}
