import type { RecordResult, RecordStatus } from '../../contracts';

/** A record's result; `custRef` and `message` are left out when unknown, to keep results small. */
export function recordResult(index: number, status: RecordStatus, custRef?: string, message?: string): RecordResult {
  const ok = status !== 'failed';
  return {
    index,
    ok,
    status,
    ...(custRef === undefined ? {} : { custRef }),
    ...(message === undefined ? {} : { message }),
  };
}

/** When the whole batch cannot start (bad config, no connection): every record fails with the reason. */
export function failEveryRecord(records: readonly unknown[], message: string, custRefOf: (record: unknown) => string | undefined): RecordResult[] {
  return records.map((record, index) => recordResult(index, 'failed', custRefOf(record), message));
}
