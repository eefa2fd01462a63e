import type { RecordResult } from 'cartrover-connector/contracts';

/** What a `cartrover-out` message reports per record (the output's `msg.payload`). */
export interface RecordOutcome {
  readonly index: number;
  readonly outcome: 'written' | 'skipped' | 'failed';
  readonly status: RecordResult['status'];
  readonly custRef?: string;
  readonly message?: string;
}

export interface OutcomeTotals {
  written: number;
  skipped: number;
  failed: number;
}

/** `exists` / `skipped`: nothing new was made (an idempotent create found the order already there). */
export function outcomeOf(result: RecordResult, index: number): RecordOutcome {
  const outcome = !result.ok ? 'failed' : result.status === 'exists' || result.status === 'skipped' ? 'skipped' : 'written';
  return {
    index,
    outcome,
    status: result.status,
    ...(result.custRef === undefined ? {} : { custRef: result.custRef }),
    ...(result.message === undefined ? {} : { message: result.message }),
  };
}

export function totalsOf(outcomes: readonly RecordOutcome[]): OutcomeTotals {
  const totals: OutcomeTotals = { written: 0, skipped: 0, failed: 0 };
  for (const outcome of outcomes) totals[outcome.outcome] += 1;
  return totals;
}

/** The sentence a Catch node sees for a failed record. */
export function failureSentence(outcome: RecordOutcome): string {
  const which = outcome.custRef ? `Record ${outcome.index + 1} (${outcome.custRef})` : `Record ${outcome.index + 1}`;
  return `${which} failed: ${outcome.message ?? 'no reason given'}`;
}
