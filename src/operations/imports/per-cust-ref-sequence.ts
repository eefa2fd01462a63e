import type { RecordResult } from '../../contracts';

/** Finished cust_refs remembered, so a repeat shortly after still sees its earlier result. */
export const RECENT_CUST_REFS = 4096;

/**
 * Orders the records that share a cust_ref: each runs after the previous one with that cust_ref
 * has finished and receives its result; records with different cust_refs run concurrently. So a
 * batch (or a whole run) behaves as if processed in input order, per order, while it goes as fast
 * as the connection's pool allows. Memory: one entry per cust_ref in progress plus the last
 * {@link RECENT_CUST_REFS} finished ones, whatever the length of the run (an older repeat is sent
 * again, and creation being idempotent by cust_ref it comes back `exists`).
 */
export class PerCustRefSequence {
  private readonly tails = new Map<string, Promise<RecordResult>>();
  private readonly recent = new Map<string, RecordResult>();

  /** `task` must not reject: it turns its own failures into a failed result. */
  run(custRef: string, task: (previous: RecordResult | undefined) => Promise<RecordResult>): Promise<RecordResult> {
    const pending = this.tails.get(custRef);
    const result = pending !== undefined ? pending.then(task) : task(this.recent.get(custRef));
    this.tails.set(custRef, result);
    void result.then((settled) => {
      if (this.tails.get(custRef) !== result) return;
      this.tails.delete(custRef);
      this.recent.delete(custRef);
      this.recent.set(custRef, settled);
      if (this.recent.size > RECENT_CUST_REFS) this.recent.delete(this.recent.keys().next().value as string);
    });
    return result;
  }
}
