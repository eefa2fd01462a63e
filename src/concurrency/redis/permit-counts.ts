interface Counts {
  granted: number;
  returned: number;
  /** The pool was removed: its counts go once its last permit here came back. */
  retired: boolean;
}

/** Grants to and releases by this process, per pool (tests and diagnostics: every grant is released once). */
export class PermitCounts {
  private readonly counts = new Map<string, Counts>();

  granted(poolId: string, listed: boolean): void {
    const counts = this.counts.get(poolId) ?? { granted: 0, returned: 0, retired: !listed };
    counts.granted++;
    this.counts.set(poolId, counts);
  }

  returned(poolId: string): void {
    const counts = this.counts.get(poolId);
    if (counts) counts.returned++;
    this.forgetIfDrained(poolId);
  }

  /** The pool was removed (`true`) or configured again (`false`). */
  retire(poolId: string, retired: boolean): void {
    const counts = this.counts.get(poolId);
    if (!counts) return;
    counts.retired = retired;
    this.forgetIfDrained(poolId);
  }

  of(poolId: string): { readonly granted: number; readonly returned: number } | undefined {
    const counts = this.counts.get(poolId);
    return counts && { granted: counts.granted, returned: counts.returned };
  }

  private forgetIfDrained(poolId: string): void {
    const counts = this.counts.get(poolId);
    if (counts?.retired && counts.granted === counts.returned) this.counts.delete(poolId);
  }
}
