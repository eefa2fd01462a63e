import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './error-body';
import { CONTENT_SECURITY_POLICY } from './security-headers';

/** The security headers for answers written before any route or hook runs (helmet's cannot). */
export const RAW_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': Object.entries(CONTENT_SECURITY_POLICY).map(([directive, sources]) => `${directive} ${sources.join(' ')}`).join(';'),
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * A path the router cannot decode (`/api/%zz`, fastify's FST_ERR_BAD_URL): 400 in the documented
 * `{ error, message }` shape instead of fastify's own.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const body: ErrorBody = { error: 'bad_request', message: error.code === 'FST_ERR_BAD_URL' ? 'The path is not a valid URL (a % must start an escape such as %2F)' : error.message };
  void reply.status(status).headers(RAW_SECURITY_HEADERS).type('application/json; charset=utf-8').send(body);
}

/** What a request Node's HTTP parser refused gets: the status and the documented shape. */
function clientErrorAnswer(code: string | undefined): { status: number; reason: string; body: ErrorBody } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, reason: 'Request Timeout', body: { error: 'request_timeout', message: 'The request did not arrive in time; send it again, faster' } };
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, reason: 'Request Header Fields Too Large', body: { error: 'headers_too_large', message: 'The request headers are larger than the host accepts (16 KiB); send fewer or smaller headers' } };
  return { status: 400, reason: 'Bad Request', body: { error: 'bad_request', message: 'The request is not valid HTTP (its request line or headers could not be read)' } };
}

/** fastify's `clientErrorHandler`: the answer on the raw socket (no request exists yet), then close. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, reason, body } = clientErrorAnswer(error.code);
  const text = JSON.stringify(body);
  const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), connection: 'close', ...RAW_SECURITY_HEADERS };
  // Like Node's own: write only to a socket that has not started another answer.
  if (socket.writable && socket.bytesWritten === 0) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n${text}`);
  }
  socket.destroy(error);
}
