import type { CartRoverErrorKind } from './cartrover-error';
import { CartRoverError } from './cartrover-error';
import type { ResponseHeaderFacts } from './response-headers';

/** A successful CartRover body: `response` for most endpoints, top-level fields for create-order. */
export interface SuccessEnvelope {
  readonly success_code: true;
  readonly response?: unknown;
  readonly [field: string]: unknown;
}

export interface RawResponse {
  readonly status: number;
  readonly contentType?: string;
  readonly bodyText: string;
}

export interface RequestFacts {
  readonly method: string;
  /** Path without query. */
  readonly path: string;
  readonly latencyMs?: number;
}

export type EnvelopeOutcome =
  | { readonly ok: true; readonly body: SuccessEnvelope }
  | { readonly ok: false; readonly error: CartRoverError };

const MAX_MESSAGE_LENGTH = 500;

/** Messages that mean "these credentials are not accepted", whatever the status or code. */
const AUTH_MESSAGE = /api[ _-]?(user|key)|credential|unauthori[sz]ed|authenticat|access denied|forbidden/i;
const DUPLICATE_MESSAGE = /duplicate/i;
const NOT_FOUND_MESSAGE = /not found|does not exist|doesn't exist|no such|(could|can) ?not find|unable to find|unknown (order|sku|product|cust_ref)/i;

/**
 * Success iff HTTP 2xx and `success_code === true`. Everything else (HTTP 200 with
 * `success_code:false`, 4xx/5xx with a JSON envelope, with HTML, or with nothing) becomes a
 * CartRoverError whose kind says what to do about it.
 *
 * `redact` scrubs credentials out of server-provided text before it is kept anywhere.
 */
export function interpretEnvelope(
  response: RawResponse,
  headers: ResponseHeaderFacts,
  request: RequestFacts,
  redact: (text: string) => string = (text) => text,
): EnvelopeOutcome {
  const parsed = parseJsonObject(response.bodyText);
  const is2xx = response.status >= 200 && response.status < 300;
  if (is2xx && parsed?.success_code === true) return { ok: true, body: parsed as SuccessEnvelope };

  const errorCode = typeof parsed?.error_code === 'string' && parsed.error_code !== '' ? parsed.error_code : undefined;
  const serverMessage = firstText(parsed?.message, parsed?.status_message);
  const kind = classifyFailure(response.status, parsed, errorCode, serverMessage);
  const message = serverMessage ?? fallbackMessage(response, parsed, errorCode);
  return {
    ok: false,
    error: new CartRoverError({
      kind,
      message: truncate(redact(message)),
      httpStatus: response.status,
      errorCode,
      processId: headers.processId,
      retryAfterMs: headers.retryAfterMs,
      method: request.method,
      path: request.path,
      latencyMs: request.latencyMs,
    }),
  };
}

export function classifyFailure(
  status: number,
  parsed: Record<string, unknown> | undefined,
  errorCode: string | undefined,
  serverMessage: string | undefined,
): CartRoverErrorKind {
  const message = serverMessage ?? '';
  if (status === 401 || status === 403) return 'auth';
  if (errorCode === 'RateLimit' || status === 429) return 'rate_limit';
  if (status >= 500) return 'server';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (errorCode === 'Invalid' && AUTH_MESSAGE.test(message)) return 'auth';
  if (errorCode !== undefined && DUPLICATE_MESSAGE.test(message)) return 'conflict';
  if (errorCode !== undefined && NOT_FOUND_MESSAGE.test(message)) return 'not_found';
  if (status >= 300 && status < 400) return 'invalid_response';
  if (status >= 200 && status < 300 && parsed?.success_code !== false) return 'invalid_response';
  return 'rejected';
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function firstText(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function fallbackMessage(response: RawResponse, parsed: Record<string, unknown> | undefined, errorCode: string | undefined): string {
  const status = `HTTP ${response.status}`;
  if (parsed) {
    if (parsed.success_code === undefined) return `CartRover answered ${status} with JSON that is not a CartRover envelope (no success_code).`;
    return `CartRover answered ${status} with success_code ${String(parsed.success_code)}${errorCode ? ` and error_code ${errorCode}` : ''} but no message.`;
  }
  return `CartRover answered ${status} with ${describeBody(response)}.`;
}

function describeBody(response: RawResponse): string {
  if (response.bodyText.trim() === '') return 'an empty body';
  const contentType = (response.contentType ?? '').toLowerCase();
  if (contentType.includes('html') || /^\s*<(!doctype|html)/i.test(response.bodyText)) return 'an HTML page instead of JSON';
  return 'a body that is not a JSON object';
}

function truncate(text: string): string {
  return text.length <= MAX_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_MESSAGE_LENGTH)}…`;
}
