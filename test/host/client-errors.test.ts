/**
 * Every 4xx in the documented `{ error, message }` shape (issue 19.6), also those fastify and
 * Node answer before any route runs: an undecodable path (FST_ERR_BAD_URL), headers too large
 * (431), a request line that is not HTTP; with the security headers like every other answer.
 */
import { connect } from 'node:net';
import { useTestHost } from './support/host-harness';

/** Sends `head` as is and reads the whole answer until the server closes. */
function rawExchange(url: string, head: string): Promise<{ status: number; headers: string; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname, () => socket.end(head));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 ([0-9]{3})/.exec(text)?.[1] ?? 0), headers: text.slice(0, split).toLowerCase(), body: text.slice(split + 4) });
    });
  });
}

describe('client errors use the documented shape', () => {
  const running = useTestHost({ masterKey: Buffer.alloc(32, 31).toString('base64') }, 'host-client-errors-');

  const cases: Array<[string, (host: string) => string, number, string]> = [
    ['an undecodable path', (host) => `GET /api/%zz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, 400, 'bad_request'],
    ['headers over the limit', (host) => `GET /api/health HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`, 431, 'headers_too_large'],
    ['a request line that is not HTTP', (host) => `GET %2Fapi/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, 400, 'bad_request'],
  ];

  it.each(cases)('before routing, %s: the status and { error, message } with the security headers', async (_what, head, status, error) => {
    const answer = await rawExchange(running.url, head(new URL(running.url).host));
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body)).toEqual({ error, message: expect.any(String) });
    expect(answer.headers).toContain("frame-ancestors 'none'");
    expect(answer.headers).toContain('x-frame-options: deny');
    expect(answer.headers).toContain('x-content-type-options: nosniff');
    expect(answer.headers).toContain('referrer-policy: no-referrer');
  });

  // Valid JSON that fastify's parser refuses (prototype poisoning): a sentence naming the key, not "not valid JSON".
  it.each([
    ['__proto__', '{"name":"Orders","__proto__":{"polluted":true}}'],
    ['constructor.prototype', '{"name":"Orders","constructor":{"prototype":{"polluted":true}}}'],
    ['tags[0].__proto__', '{"name":"Orders","tags":[{"__proto__":{}}]}'],
  ])('a JSON body with a %s key: 400 with a sentence naming the key, and nothing is created', async (key, body) => {
    const answer = await running.api.request('POST', '/api/integrations', body, { 'content-type': 'application/json' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'bad_request', message: expect.stringContaining(`"${key}"`) });
    expect(answer.body.message).not.toContain('not valid JSON');
    expect((await running.api.get('/api/integrations')).body).toEqual([]);
  });
});
