/** Writing answers to the socket: JSON envelopes, the rate-limit answer and the injected faults' replies. */
import type { ServerResponse } from 'node:http';
import { RATE_LIMIT_MESSAGE, errorBody } from './api-answer';
import type { ApiAnswer } from './api-answer';
import type { RateLimitStyle } from './public-types';

export function sendAnswer(res: ServerResponse, answer: ApiAnswer): void {
  if (res.destroyed || res.headersSent) return;
  const payload = JSON.stringify(answer.body);
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}

/** HTTP 200 + RateLimit body, or 429 with Retry-After (seconds), per rateLimitStyle. */
export function rateLimitAnswer(style: RateLimitStyle, retryAfterSeconds: number): ApiAnswer {
  const headers: Record<string, string> = { 'X-CartRover-Api-Minute-Hits-Remaining': '0' };
  if (style === 'status429') headers['Retry-After'] = String(retryAfterSeconds);
  return { status: style === 'status429' ? 429 : 200, body: errorBody('RateLimit', RATE_LIMIT_MESSAGE), headers };
}

export function sendServerError(res: ServerResponse, status: 500 | 503): void {
  sendAnswer(res, { status, body: errorBody('Failure', status === 500 ? 'Internal Server Error' : 'Service Unavailable') });
}

/** What a load balancer in front of CartRover answers when the app behind it is gone. */
export function sendHtmlBadGateway(res: ServerResponse): void {
  if (res.destroyed || res.headersSent) return;
  const html = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';
  res.statusCode = 502;
  res.setHeader('Content-Type', 'text/html');
  res.setHeader('Content-Length', Buffer.byteLength(html));
  res.end(html);
}
