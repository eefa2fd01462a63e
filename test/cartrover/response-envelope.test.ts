import { interpretEnvelope } from '../../src/cartrover/response-envelope';

const request = { method: 'GET', path: '/v1/merchant/inventory' };
const headers = { processId: 'pid-1' };

function outcome(status: number, body: unknown, contentType = 'application/json') {
  const bodyText = typeof body === 'string' ? body : JSON.stringify(body);
  return interpretEnvelope({ status, bodyText, contentType }, headers, request);
}

function failure(status: number, body: unknown, contentType?: string) {
  const result = outcome(status, body, contentType);
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

describe('interpretEnvelope', () => {
  it('accepts 2xx with success_code true, with or without response', () => {
    expect(outcome(200, { success_code: true, response: [1] })).toEqual({ ok: true, body: { success_code: true, response: [1] } });
    expect(outcome(200, { success_code: true, cust_ref: 'A', order_number: 'A' }).ok).toBe(true);
    expect(outcome(201, { success_code: true }).ok).toBe(true);
  });

  it.each([
    ['HTTP 200 + Invalid auth text', 200, { success_code: false, error_code: 'Invalid', message: 'Invalid API User or API Key' }, 'auth'],
    ['HTTP 401', 401, { success_code: false, error_code: 'Invalid', message: 'Invalid API User or API Key' }, 'auth'],
    ['HTTP 403 without body', 403, '', 'auth'],
    ['HTTP 200 RateLimit', 200, { success_code: false, error_code: 'RateLimit', message: 'Over API Limit. Please slow down requests.' }, 'rate_limit'],
    ['HTTP 429', 429, { success_code: false, error_code: 'RateLimit', message: 'Over API Limit.' }, 'rate_limit'],
    ['HTTP 500 JSON', 500, { success_code: false, error_code: 'Failure', message: 'Internal Server Error' }, 'server'],
    ['HTTP 503 empty', 503, '', 'server'],
    ['HTTP 502 HTML', 502, '<html><body>502 Bad Gateway</body></html>', 'server'],
    ['HTTP 404', 404, { success_code: false, error_code: 'Invalid', message: 'Order not found: X' }, 'not_found'],
    ['HTTP 200 not found', 200, { success_code: false, error_code: 'Invalid', message: 'Order not found: X' }, 'not_found'],
    ['HTTP 200 SKU not found', 200, { success_code: false, error_code: 'Invalid', message: 'SKU not found: S' }, 'not_found'],
    ['HTTP 200 duplicate', 200, { success_code: false, error_code: 'Failure', message: 'OrderDuplicate' }, 'conflict'],
    ['HTTP 409', 409, '', 'conflict'],
    ['HTTP 200 Invalid data', 200, { success_code: false, error_code: 'Invalid', message: 'Order missing required field(s): cust_ref' }, 'rejected'],
    ['HTTP 200 Failure other', 200, { success_code: false, error_code: 'Failure', message: 'cannot be canceled' }, 'rejected'],
    ['HTTP 400 HTML', 400, '<html>bad</html>', 'rejected'],
    ['HTTP 200 HTML', 200, '<!doctype html><html></html>', 'invalid_response'],
    ['HTTP 200 no envelope', 200, { hello: 'world' }, 'invalid_response'],
    ['HTTP 200 array', 200, [1, 2], 'invalid_response'],
    ['HTTP 302', 302, '', 'invalid_response'],
  ])('%s -> %s', (_label, status, body, kind) => {
    expect(failure(status, body).kind).toBe(kind);
  });

  it('reads message, falls back to status_message, then to a text naming the HTTP status', () => {
    expect(failure(200, { success_code: false, error_code: 'Failure', message: 'm1', status_message: 'm2' }).message).toBe('m1');
    expect(failure(200, { success_code: false, error_code: 'Failure', status_message: 'm2' }).message).toBe('m2');
    expect(failure(200, { success_code: false, error_code: 'Failure' }).message).toMatch(/HTTP 200.*error_code Failure/);
    expect(failure(502, '<html>x</html>', 'text/html').message).toMatch(/HTTP 502 with an HTML page/);
    expect(failure(500, '').message).toMatch(/HTTP 500 with an empty body/);
  });

  it('carries the safe details', () => {
    const error = interpretEnvelope(
      { status: 429, bodyText: JSON.stringify({ success_code: false, error_code: 'RateLimit', message: 'slow' }) },
      { processId: 'pid-9', retryAfterMs: 1000 },
      request,
    );
    expect(error.ok).toBe(false);
    if (error.ok) return;
    expect(error.error.toJSON()).toMatchObject({
      kind: 'rate_limit',
      httpStatus: 429,
      errorCode: 'RateLimit',
      processId: 'pid-9',
      retryAfterMs: 1000,
      method: 'GET',
      path: '/v1/merchant/inventory',
    });
  });

  it('redacts server text through the given function', () => {
    const result = interpretEnvelope(
      { status: 200, bodyText: JSON.stringify({ success_code: false, error_code: 'Invalid', message: 'bad key sekret' }) },
      {},
      request,
      (text) => text.replace('sekret', '[REDACTED]'),
    );
    expect(!result.ok && result.error.message).toBe('bad key [REDACTED]');
  });
});
