import { randomUUID } from 'node:crypto';
import type { Logger } from 'cartrover-connector/contracts';
import type { HostStore } from '../store/host-store';

/** How often a host process says it is alive. */
export const HEARTBEAT_MS = 2_000;
/**
 * How long a host may stay silent before its runs count as orphaned: 15 s, i.e. 7 missed
 * heartbeats (a long GC pause or a busy event loop is not a crash).
 */
export const RUN_LEASE_MS = 15_000;

export interface HostInstanceOptions {
  readonly heartbeatMs?: number;
  readonly leaseMs?: number;
  readonly now?: () => number;
}

/**
 * One host process on a data folder: a row with a heartbeat. Every run it starts is its own. On
 * each beat it also fails the runs of instances whose heartbeat is older than the lease (crashed
 * or killed), so a second host on the same folder never fails a live host's run, and a dead host's
 * runs are failed within lease + one beat whether or not anyone restarts.
 */
export class HostInstance {
  readonly id = randomUUID();
  readonly heartbeatMs: number;
  readonly leaseMs: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: HostStore,
    private readonly logger: Logger,
    options: HostInstanceOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
    this.leaseMs = options.leaseMs ?? RUN_LEASE_MS;
    this.#now = options.now ?? Date.now;
  }

  /** Registers this instance, fails orphaned runs once, then beats until `stop`. */
  start(): void {
    this.store.db
      .prepare('INSERT INTO host_instances (id, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?)')
      .run(this.id, process.pid, new Date(this.#now()).toISOString(), this.#now());
    this.#sweep();
    this.#timer = setInterval(() => this.#beat(), this.heartbeatMs);
    this.#timer.unref();
  }

  /** A clean stop removes the row: nothing of this instance is left to time out. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    try {
      if (this.store.db.open) this.store.db.prepare('DELETE FROM host_instances WHERE id = ?').run(this.id);
    } catch (error) {
      this.logger.warn('host instance row could not be removed', { error: (error as Error).message });
    }
  }

  #beat(): void {
    try {
      this.store.db.prepare('UPDATE host_instances SET heartbeat_at = ? WHERE id = ?').run(this.#now(), this.id);
      this.#sweep();
    } catch (error) {
      this.logger.warn('host heartbeat failed', { error: (error as Error).message });
    }
  }

  #sweep(): void {
    const now = this.#now();
    const staleBefore = now - this.leaseMs;
    const failed = this.store.transaction(() => {
      const count = this.store.runs.failOrphaned(
        `The host that ran it stopped (no heartbeat for ${Math.round(this.leaseMs / 1000)} s) before the run finished`,
        new Date(now).toISOString(),
        staleBefore,
      );
      this.store.db.prepare('DELETE FROM host_instances WHERE heartbeat_at < ? AND id <> ?').run(staleBefore, this.id);
      return count;
    });
    if (failed > 0) this.logger.warn('runs of a stopped host were marked failed', { runs: failed });
  }
}
