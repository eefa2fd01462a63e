/** CartRover's JSON envelopes (reference §4.1, §4.2) and the error handlers throw to produce them. */
export type ErrorCode = 'Invalid' | 'Failure' | 'RateLimit';

/** What a route handler answers; the pipeline adds the headers every response carries. */
export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ErrorBody {
  success_code: false;
  error_code: ErrorCode;
  message: string;
}

/**
 * Thrown by handlers. `notFound` marks an unknown cust_ref/sku, whose HTTP status depends on
 * the notFoundStyle; every other API error is answered with HTTP 200, as CartRover is said to do.
 */
export class ApiError extends Error {
  constructor(
    readonly errorCode: ErrorCode,
    message: string,
    readonly notFound = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorBody(errorCode: ErrorCode, message: string): ErrorBody {
  return { success_code: false, error_code: errorCode, message };
}

/** `{ success_code: true, response }`, or `{ success_code: true }` when there is nothing to return. */
export function success(response?: unknown): ApiAnswer {
  return { status: 200, body: response === undefined ? { success_code: true } : { success_code: true, response } };
}

/** Create-order style: fields next to success_code, no `response` wrapper. */
export function successWithoutWrapper(fields: Record<string, unknown>): ApiAnswer {
  return { status: 200, body: { success_code: true, ...fields } };
}

export const AUTH_FAILURE_MESSAGE = 'Invalid API User or API Key';
export const RATE_LIMIT_MESSAGE = 'Over API Limit. Please slow down requests.';
