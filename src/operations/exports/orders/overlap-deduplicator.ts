import type { DeltaWatermark } from './delta-watermark';
import { MAX_OVERLAP_KEYS } from './delta-watermark';

interface OrderVersion {
  readonly custRef: string;
  /** updated_date_time as CartRover wrote it (the key compares the text, not the instant). */
  readonly updated: string;
  readonly updatedMs: number;
}

/**
 * Decides which orders of a delta run are new, and remembers the few that the next run's overlap
 * will show again. The previous run's keys (already bounded) are all checked against; of this
 * run's orders only those updated at or after `keepFromMs` (this run's start minus the overlap:
 * where the next run will start reading) are remembered, so memory follows the overlap zone, not
 * the size of the export.
 */
export class OverlapDeduplicator {
  private readonly previous: ReadonlySet<string>;
  private readonly seen = new Map<string, OrderVersion>();

  constructor(
    previous: DeltaWatermark | undefined,
    private readonly keepFromMs: number,
  ) {
    this.previous = new Set((previous?.overlapKeys ?? []).map(([custRef, updated]) => versionKey(custRef, updated)));
    for (const [custRef, updated] of previous?.overlapKeys ?? []) this.remember(custRef, updated);
  }

  /** True the first time this version of the order shows up (and remembers it when needed). */
  admit(order: Record<string, unknown>): boolean {
    const custRef = String(order.cust_ref ?? '');
    const updated = String(order.updated_date_time ?? order.created_date_time ?? '');
    const key = versionKey(custRef, updated);
    if (this.previous.has(key) || this.seen.has(key)) return false;
    this.remember(custRef, updated);
    return true;
  }

  /** The keys the next run needs: inside its overlap zone, newest first, at most MAX_OVERLAP_KEYS. */
  overlapKeys(): DeltaWatermark['overlapKeys'] {
    return [...this.seen.values()]
      .sort((a, b) => b.updatedMs - a.updatedMs)
      .slice(0, MAX_OVERLAP_KEYS)
      .map((version) => [version.custRef, version.updated] as const);
  }

  private remember(custRef: string, updated: string): void {
    const updatedMs = Date.parse(updated);
    // Older versions cannot show up in the next run's window: no need to keep them.
    if (Number.isNaN(updatedMs) || updatedMs < this.keepFromMs) return;
    this.seen.set(versionKey(custRef, updated), { custRef, updated, updatedMs });
    if (this.seen.size > 2 * MAX_OVERLAP_KEYS) this.prune();
  }

  /** Keeps the newest keys: a burst of changes inside the overlap can then only cause repeats. */
  private prune(): void {
    const newest = this.overlapKeys();
    this.seen.clear();
    for (const [custRef, updated] of newest) this.seen.set(versionKey(custRef, updated), { custRef, updated, updatedMs: Date.parse(updated) });
  }
}

function versionKey(custRef: string, updated: string): string {
  return `${custRef}\u0000${updated}`;
}
