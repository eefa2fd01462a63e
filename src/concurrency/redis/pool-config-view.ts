/** The shared configuration as read in one consistent snapshot. */
export interface PoolConfigSnapshot {
  readonly version: number;
  readonly poolIds: readonly string[];
  readonly bindings: ReadonlyMap<string, string>;
  readonly levels: ReadonlyMap<string, number>;
}

/**
 * This process's copy of the shared pool configuration (pools, levels, bindings), so that the
 * contract's synchronous `poolOf` can answer without a round trip. It is updated at once by this
 * process's own changes and reloaded from Redis when another process announces a change (pub/sub)
 * or when the heartbeat sees the version move (the fallback for lost messages).
 *
 * A snapshot older than a change this process already made is ignored, so a reload that raced a
 * local `bind` never undoes it.
 */
export class PoolConfigView {
  private version = -1;
  /** The newest version this process wrote itself; older snapshots lack that change. */
  private floor = -1;
  private poolIds: string[] = [];
  private readonly bindings = new Map<string, string>();
  private readonly levels = new Map<string, number>();

  get knownVersion(): number {
    return this.version;
  }

  poolOf(connectionId: string): string | undefined {
    return this.bindings.get(connectionId);
  }

  levelOf(poolId: string): number | undefined {
    return this.levels.get(poolId);
  }

  hasPool(poolId: string): boolean {
    return this.poolIds.includes(poolId);
  }

  pools(): readonly string[] {
    return this.poolIds;
  }

  bindingEntries(): [string, string][] {
    return [...this.bindings.entries()];
  }

  membersOf(poolId: string): string[] {
    return [...this.bindings.entries()].filter(([, pool]) => pool === poolId).map(([connection]) => connection).sort();
  }

  /** Applies a snapshot unless it predates a local change. Returns whether it was applied. */
  apply(snapshot: PoolConfigSnapshot): boolean {
    if (snapshot.version < this.floor) return false;
    this.version = snapshot.version;
    this.poolIds = [...snapshot.poolIds];
    this.bindings.clear();
    for (const [connection, pool] of snapshot.bindings) this.bindings.set(connection, pool);
    this.levels.clear();
    for (const [pool, level] of snapshot.levels) this.levels.set(pool, level);
    return true;
  }

  /** The highest version this process has seen or written. */
  get newestVersion(): number {
    return Math.max(this.version, this.floor, 0);
  }

  /**
   * Redis lost its data (a new epoch): versions seen and written before belong to the old data set.
   * The current pools and bindings stay (they are what this process restores) until the next snapshot.
   */
  forgetVersions(): void {
    this.version = -1;
    this.floor = -1;
  }

  /** Records a change this process wrote (at `version`), ahead of the next reload. */
  wrote(version: number): void {
    this.floor = Math.max(this.floor, version);
  }

  setPool(poolId: string, level: number): void {
    if (!this.poolIds.includes(poolId)) this.poolIds.push(poolId);
    this.levels.set(poolId, level);
  }

  dropPool(poolId: string): void {
    this.poolIds = this.poolIds.filter((id) => id !== poolId);
  }

  setBinding(connectionId: string, poolId: string | undefined): void {
    if (poolId === undefined) this.bindings.delete(connectionId);
    else this.bindings.set(connectionId, poolId);
  }
}
