/**
 * The fault campaign's critical finding: `/%61pi/connections` answered 200 without a token,
 * because the guard read the raw URL while the router routed the decoded path. Every route of the
 * server's own route table (collected as fastify adds them) is sent with its path spelled every
 * way an attacker would, without a token: the answer is 401, 404 or 400, and no handler runs.
 */
import { connect } from 'node:net';
import type { RouteOptions } from 'fastify';
import { useTestHost } from './support/host-harness';

interface RawAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * Raw HTTP over a socket: the request line goes out byte for byte (fetch, URL and even
 * http.request normalise or race a server that answers a malformed line with 400 and closes).
 */
function send(base: string, method: string, path: string, body: { text: string; type: string } | undefined): Promise<RawAnswer> {
  const url = new URL(base);
  const head = [`${method} ${path} HTTP/1.1`, `Host: ${url.host}`, 'Connection: close'];
  if (body !== undefined) head.push(`Content-Type: ${body.type}`, `Content-Length: ${Buffer.byteLength(body.text)}`);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(`${head.join('\r\n')}\r\n\r\n${body?.text ?? ''}`));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = /^HTTP\/1\.1 ([0-9]{3})/.exec(text);
      resolve({ status: status ? Number(status[1]) : 0, text: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
  });
}

/** Every spelling of `/api/<rest>` that a lenient decoder, normaliser or proxy might route to the API. */
function spellings(rest: string): string[] {
  const [first = '', ...others] = rest.split('/');
  const tail = others.length === 0 ? '' : `/${others.join('/')}`;
  return [
    `/api/${rest}`,
    // percent-encoded letters, in upper and lower case hex
    `/%61pi/${rest}`,
    `/ap%69/${rest}`,
    `/a%70i/${rest}`,
    `/%61%70%69/${rest}`,
    `/%41%50%49/${rest}`,
    `/api/%${first.charCodeAt(0).toString(16)}${first.slice(1)}${tail}`,
    `/api/%${first.charCodeAt(0).toString(16).toUpperCase()}${first.slice(1)}${tail}`,
    // encoded slashes
    `/api%2F${rest}`,
    `/api%2f${rest}`,
    `/api/${rest.replace(/\//g, '%2F')}`,
    `/%2Fapi/${rest}`,
    `%2Fapi/${rest}`,
    // double encoding
    `/%2561pi/${rest}`,
    `/api%252F${rest}`,
    `/%252Fapi/${rest}`,
    `/%25%36%31pi/${rest}`,
    // mixed case
    `/API/${rest}`,
    `/Api/${rest}`,
    `/aPi/${rest}`,
    `/%61PI/${rest}`,
    `/api/${rest.toUpperCase()}`,
    // doubled slashes and dot segments
    `//api/${rest}`,
    `/api//${rest}`,
    `///api/${rest}`,
    `/./api/${rest}`,
    `/api/./${rest}`,
    `/api/../api/${rest}`,
    `/x/../api/${rest}`,
    `/%2e/api/${rest}`,
    `/api/%2e%2e/api/${rest}`,
    `/api/%2E%2E%2Fapi/${rest}`,
    // trailing dots, slashes and spaces
    `/api./${rest}`,
    `/api../${rest}`,
    `/api/${rest}.`,
    `/api/${rest}..`,
    `/api/${rest}/`,
    `/api/${rest}%20`,
    `/api/${first}./${others.join('/')}`,
    // `;` parameters
    `/api;/${rest}`,
    `/api;x=1/${rest}`,
    `/api/${rest};`,
    `/api/${rest};jsessionid=1`,
    `/api/${first};x${tail}`,
    // backslashes
    `/api\\${rest}`,
    `\\api/${rest}`,
    `/\\api/${rest}`,
    `/api/${rest.replace(/\//g, '\\')}`,
    `/api%5C${rest}`,
    // NUL and fragments
    `/api/${rest}%00`,
    `/api%00/${rest}`,
    `/%61pi/${rest}%23x`,
  ];
}

interface SeenRoute {
  readonly method: string;
  readonly url: string;
  readonly prefix: string;
  readonly open: boolean;
}

describe('access is decided on the routed path: an encoded /api path never skips the token', () => {
  const routes: SeenRoute[] = [];
  const handlerRuns: string[] = [];

  /** Collects the route table as fastify builds it, and wraps every handler to count its runs. */
  const observeRoute = (route: RouteOptions): void => {
    for (const method of [route.method].flat()) {
      routes.push({ method, url: route.url, prefix: (route as RouteOptions & { prefix?: string }).prefix ?? '', open: route.config?.openAccess === true });
    }
    const handler = route.handler;
    route.handler = function counted(this: unknown, request, reply) {
      handlerRuns.push(`${request.method} ${route.url}`);
      return handler.call(this as never, request, reply);
    };
  };

  const running = useTestHost({ masterKey: Buffer.alloc(32, 21).toString('base64'), observeRoute }, 'host-encoded-');

  it('every API route is inside the API plugin; only /api/health is open', () => {
    const api = routes.filter((route) => route.url.split('/')[1]!.toLowerCase() === 'api');
    expect(api.length).toBeGreaterThan(30);
    expect(api.filter((route) => route.prefix !== '/api')).toEqual([]);
    expect(api.filter((route) => route.open).map((route) => `${route.method} ${route.url}`).sort()).toEqual(['GET /api/health', 'HEAD /api/health']);
    // Outside the API there is only the page: `/` and its files, one route each (no wildcard).
    expect(routes.filter((route) => route.prefix !== '/api').every((route) => ['GET', 'HEAD'].includes(route.method) && !route.url.includes('*') && !route.url.includes(':'))).toBe(true);
  });

  it('the router decodes: with the token, /%61pi/connections is the API (so the API hook must guard it)', async () => {
    const answer = await running.api.request('GET', '/%61pi/connections');
    expect(answer.status).toBe(200);
    expect(Array.isArray(answer.body)).toBe(true);
  });

  it('without a token, every guarded route spelled every way answers 401, 404 or 400 and runs no handler', async () => {
    handlerRuns.length = 0;
    const guarded = routes.filter((route) => route.prefix === '/api' && !route.open);
    const outcomes = new Map<number, number>();
    const wrong: string[] = [];
    for (const route of guarded) {
      const rest = route.url.slice('/api/'.length).replace(/:[A-Za-z]+/g, (param) => (param === ':name' ? 'probe.ndjson' : 'probe-id'));
      const body = ['POST', 'PUT', 'PATCH'].includes(route.method)
        ? route.url.startsWith('/api/files') ? { text: '{"n":1}\n', type: 'application/x-ndjson' } : { text: '{}', type: 'application/json' }
        : undefined;
      for (const path of spellings(rest)) {
        const answer = await send(running.url, route.method, path, body);
        outcomes.set(answer.status, (outcomes.get(answer.status) ?? 0) + 1);
        if (![400, 401, 404].includes(answer.status)) wrong.push(`${route.method} ${path} -> ${answer.status} ${answer.text.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(handlerRuns).toEqual([]);
    // Both refusals happened: the router took many spellings to the API (401) and others nowhere (404).
    expect(outcomes.get(401)).toBeGreaterThan(guarded.length * 5);
    expect(outcomes.get(404)).toBeGreaterThan(guarded.length * 5);
  }, 120_000);

  it('a login token in the query of an API path is no login, and logs nothing in', async () => {
    const answer = await send(running.url, 'GET', `/%61pi/connections?token=${running.host.token}`, undefined);
    expect(answer.status).toBe(401);
  });
});
