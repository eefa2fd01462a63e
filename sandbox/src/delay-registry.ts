/**
 * Timers the sandbox waits on (latency, hanging 'timeout' faults). close() ends them all at once,
 * so no timer outlives the server (jest reports open handles otherwise).
 */
import type { EventEmitter } from 'node:events';

export class DelayRegistry {
  private readonly pending = new Set<() => void>();

  /** Resolves after `ms`, when `endEarlyOn` emits 'close' (the client went away), or on cancelAll(). */
  wait(ms: number, endEarlyOn?: EventEmitter): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.pending.delete(finish);
        endEarlyOn?.off('close', finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.pending.add(finish);
      endEarlyOn?.once('close', finish);
    });
  }

  cancelAll(): void {
    for (const finish of [...this.pending]) finish();
  }
}
