import type { RecordResult } from '../../contracts';

/**
 * Orders the records of one batch that share a cust_ref: each runs after the previous one with
 * that cust_ref has finished and receives its result; records with different cust_refs run
 * concurrently. So a batch behaves as if processed in input order, per order, while the batch
 * as a whole goes as fast as the connection's pool allows. Memory: one entry per cust_ref of the
 * batch, dropped with the batch.
 */
export class PerCustRefSequence {
  private readonly tails = new Map<string, Promise<RecordResult>>();

  /** `task` must not reject: it turns its own failures into a failed result. */
  run(custRef: string, task: (previous: RecordResult | undefined) => Promise<RecordResult>): Promise<RecordResult> {
    const previous = this.tails.get(custRef);
    const result = previous === undefined ? task(undefined) : previous.then(task);
    this.tails.set(custRef, result);
    return result;
  }
}
