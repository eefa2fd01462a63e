import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { HostError } from '../errors/host-error';
import { fieldSentences } from '../flows/field-sentences';
import { fieldErrors } from '../flows/json-schema-errors';
import type { ErrorBody } from './error-body';

/** fastify's own client errors, by code: the answer's status and error code. */
const FASTIFY_CLIENT_ERRORS: Readonly<Record<string, { status: number; error: string; message?: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, error: 'malformed_json', message: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, error: 'malformed_json', message: 'The body is empty but Content-Type says JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, error: 'bad_request', message: 'The body does not match its Content-Length' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, error: 'payload_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, error: 'unsupported_media_type' },
};

function answer(status: number, body: ErrorBody): { status: number; body: ErrorBody } {
  return { status, body };
}

/** Maps any error to `{ error, message, errors? }` with the right status; bad input is never a 500. */
export function toErrorAnswer(error: FastifyError | Error, bodyLimit: (request: FastifyRequest) => number, request: FastifyRequest): { status: number; body: ErrorBody } {
  if (error instanceof HostError) return answer(error.status, { error: error.code, message: error.message, ...error.details });
  const fastifyError = error as FastifyError & { validation?: ErrorObject[]; validationContext?: string };
  if (fastifyError.validation) {
    const context = fastifyError.validationContext ?? 'body';
    const errors = fieldErrors(context === 'body' ? '' : context, fastifyError.validation);
    const named = Object.fromEntries(Object.entries(errors).map(([field, message]) => [field === '' ? context : field, message]));
    const summary = Object.entries(named).map(([field, message]) => `${field} ${message}`).join('; ');
    const sentences = fieldSentences(context === 'body' ? '' : context, fastifyError.validation, undefined, 'The request');
    const messages = Object.fromEntries(Object.entries(sentences).map(([field, message]) => [field === '' ? context : field, message]));
    return answer(422, { error: 'validation_failed', message: `Invalid request ${context}: ${summary}`, errors: named, messages });
  }
  const known = fastifyError.code ? FASTIFY_CLIENT_ERRORS[fastifyError.code] : undefined;
  if (known) {
    const message = known.status === 413 ? `The body is larger than the limit of ${bodyLimit(request)} bytes` : (known.message ?? fastifyError.message);
    return answer(known.status, { error: known.error, message });
  }
  if (error instanceof SyntaxError) return answer(400, { error: 'malformed_json', message: 'The body is not valid JSON' });
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return answer(status, { error: 'bad_request', message: fastifyError.message });
  return answer(500, { error: 'internal', message: 'An internal error occurred; the host log has the details' });
}

export function errorHandler(bodyLimit: (request: FastifyRequest) => number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const { status, body } = toErrorAnswer(error, bodyLimit, request);
    if (status >= 500) request.log.error({ err: { type: error.name, message: error.message, stack: error.stack }, method: request.method, url: request.url }, 'request failed');
    void reply.status(status).type('application/json; charset=utf-8').send(body);
  };
}
