/**
 * Answers for a body that is an array of several orders (create or cancel). The real answer
 * shape is unknown; ours lists one result per entry in `response`, and `success_code` is true only
 * when every entry succeeded (the error_code/message of the first failure are copied up, so a
 * client that reads only the envelope still sees the failure).
 */
import { ApiError } from './api-answer';
import type { ApiAnswer } from './api-answer';

export type EntryResult = { ok: true; fields: Record<string, unknown> } | { ok: false; custRef: string | null; error: ApiError };

/** Runs one entry, turning an ApiError into a failed result (anything else is a sandbox bug and propagates). */
export function runEntry(custRef: string | null, action: () => Record<string, unknown>): EntryResult {
  try {
    return { ok: true, fields: action() };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, custRef, error };
    throw error;
  }
}

export function batchAnswer(results: readonly EntryResult[]): ApiAnswer {
  const response = results.map((result, index) =>
    result.ok
      ? { success_code: true, ...result.fields }
      : { success_code: false, cust_ref: result.custRef, index_pos: index, error_code: result.error.errorCode, message: result.error.message },
  );
  const firstFailure = results.find((result): result is Extract<EntryResult, { ok: false }> => !result.ok);
  const body = firstFailure
    ? { success_code: false, error_code: firstFailure.error.errorCode, message: firstFailure.error.message, response }
    : { success_code: true, response };
  return { status: 200, body };
}
