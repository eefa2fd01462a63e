import type { Database } from 'better-sqlite3';

/** What became of a host's attempt to run a flow at one due time of its schedule. */
export type ScheduleClaim =
  /** This host runs the flow for that due time. */
  | 'claimed'
  /** Another host on the data folder already did. */
  | 'taken'
  /** The flow was edited or deleted since the host armed it (by any host): it re-reads it. */
  | 'changed';

/**
 * The lease of a schedule's due time, in the store every host of a data folder shares: one row
 * per flow with the latest due time some host claimed. A due time is claimed once, by the first
 * host whose timer fires; hosts whose timers fire later for the same (or an older) due time find
 * it taken. The flow's version is checked in the same transaction, so a schedule removed or
 * changed on one host never fires on another that has not noticed yet.
 */
export class ScheduleClaimRepository {
  constructor(private readonly db: Database) {}

  claim(flowId: string, dueAt: string, flowVersion: number, instanceId: string, claimedAt: string): ScheduleClaim {
    return this.db
      .transaction((): ScheduleClaim => {
        const version = this.db.prepare('SELECT version FROM flows WHERE id = ? AND schedule_json IS NOT NULL').pluck().get(flowId) as number | undefined;
        if (version !== flowVersion) return 'changed';
        const changes = this.db
          .prepare(
            `INSERT INTO schedule_claims (flow_id, due_at, instance_id, claimed_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (flow_id) DO UPDATE SET due_at = excluded.due_at, instance_id = excluded.instance_id, claimed_at = excluded.claimed_at
             WHERE excluded.due_at > schedule_claims.due_at`,
          )
          .run(flowId, dueAt, instanceId, claimedAt).changes;
        return changes === 1 ? 'claimed' : 'taken';
      })
      .immediate();
  }
}
