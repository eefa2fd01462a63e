import { CartRoverError } from './cartrover-error';
import type { WireSuccess } from './wire-client';

/** Where a body came from, for the error message when its shape is wrong. */
interface ShapeContext {
  readonly method: string;
  readonly path: string;
}

function unexpected(result: WireSuccess, context: ShapeContext, expected: string): CartRoverError {
  return new CartRoverError({
    kind: 'invalid_response',
    message: `CartRover answered ${context.method} ${context.path} with success but ${expected} was expected in "response".`,
    processId: result.processId,
    latencyMs: result.latencyMs,
    ...context,
  });
}

/** `response` of a list endpoint: an array (an absent or empty object means "no rows"). */
export function responseArray<T>(result: WireSuccess, context: ShapeContext): T[] {
  const response = result.body.response;
  if (Array.isArray(response)) return response as T[];
  if (response === undefined || response === null) return [];
  // PHP serialises an empty array as {} in some places.
  if (typeof response === 'object' && Object.keys(response).length === 0) return [];
  throw unexpected(result, context, 'an array');
}

/** `response` of a single-object endpoint. */
export function responseObject<T>(result: WireSuccess, context: ShapeContext): T {
  const response = result.body.response;
  if (response !== null && typeof response === 'object' && !Array.isArray(response)) return response as T;
  throw unexpected(result, context, 'an object');
}
