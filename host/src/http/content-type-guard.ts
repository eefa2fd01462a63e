import type { FastifyReply, FastifyRequest } from 'fastify';
import { HostError } from '../errors/host-error';
import { ACCEPTED_MEDIA_TYPES, mediaTypeOf } from './body-kind';

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * 415 before any parsing when a body comes in a media type the route does not take (fastify
 * alone would happily hand a text/plain string to a JSON route).
 */
export async function contentTypeGuard(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const kind = request.routeOptions.config.bodyKind;
  if (kind === undefined || !hasBody(request)) return;
  const type = mediaTypeOf(request.headers['content-type']);
  const accepted = ACCEPTED_MEDIA_TYPES[kind];
  if (!accepted.includes(type)) {
    throw new HostError(415, 'unsupported_media_type', `Send the body as ${accepted.join(' or ')} (got ${type === '' ? 'no Content-Type' : type})`);
  }
}
