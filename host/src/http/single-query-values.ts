import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../errors/validation-error';

/**
 * No route takes a query parameter twice: `?integrationId=a&integrationId=b` parses to an array,
 * which must never reach a service (it reached SQLite once: a 500). 422 names the parameter.
 */
export async function singleQueryValues(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const query = request.query as Record<string, unknown> | undefined;
  if (query === undefined || query === null) return;
  const repeated = Object.keys(query).filter((key) => Array.isArray(query[key]));
  if (repeated.length === 0) return;
  throw new ValidationError(
    Object.fromEntries(repeated.map((key) => [key, 'give this query parameter once'])),
    `Repeated query parameter${repeated.length === 1 ? '' : 's'}: ${repeated.join(', ')}; give each once`,
  );
}
