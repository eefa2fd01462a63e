import { parseRetryAfter } from './retry-after';

/** Response headers, lower-cased names (as Node and axios give them). */
export type HeaderBag = Readonly<Record<string, unknown>>;

/** What CartRover tells us in headers, whatever the outcome. */
export interface ResponseHeaderFacts {
  /** `X-CartRover-Process-ID`: quote it to CartRover support. */
  readonly processId?: string;
  /** `X-CartRover-Api-Minute-Hits-Remaining`: calls left in the API user's bucket. */
  readonly hitsRemaining?: number;
  readonly retryAfterMs?: number;
}

function headerText(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
  if (value === undefined || value === null) return undefined;
  return String(value);
}

export function readHeaderFacts(headers: HeaderBag, nowMs: number): ResponseHeaderFacts {
  const processId = headerText(headers, 'x-cartrover-process-id')?.trim() || undefined;
  const remainingText = headerText(headers, 'x-cartrover-api-minute-hits-remaining');
  const remaining = remainingText === undefined || remainingText.trim() === '' ? NaN : Number(remainingText);
  return {
    processId,
    hitsRemaining: Number.isFinite(remaining) ? remaining : undefined,
    retryAfterMs: parseRetryAfter(headerText(headers, 'retry-after'), nowMs),
  };
}
