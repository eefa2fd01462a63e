import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { useTestHost } from './support/host-harness';

/** Every `error` code the REST API documents (README, "Errors"); anything else is a bug. */
const DOCUMENTED_ERRORS = new Set([
  'validation_failed', 'malformed_json', 'bad_request', 'payload_too_large', 'unsupported_media_type', 'not_found',
  'unauthorized', 'forbidden_host', 'cross_origin', 'too_many_attempts', 'version_conflict', 'test_failed',
  'connection_lent', 'connection_in_use', 'flow_running', 'app_not_loaded', 'file_in_use', 'integration_has_flows', 'uploads_busy', 'insufficient_storage', 'request_timeout', 'headers_too_large',
]);

interface RawAnswer {
  readonly status: number;
  readonly text: string;
}

/** Raw HTTP (fetch refuses a GET with a body; a fuzzer sends one anyway). */
function send(base: string, method: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    // The server may answer (413, 415) and close before reading a huge body: that is its right.
    outgoing.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve({ status: 0, text: '' }) : reject(error)));
    outgoing.end(body);
  });
}

interface Route {
  readonly path: string;
  readonly methods: readonly string[];
}

/** The server's own route table (fastify's printRoutes tree), so a new route is fuzzed too. */
function routesOf(tree: string): Route[] {
  const stack: string[] = [];
  const routes: Route[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[└├]── (.+?) \(([A-Z, ]+)\)$/.exec(line.trimEnd());
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const parent = depth === 0 ? '' : stack[depth - 1]!;
    const full = parent === '/' || parent.endsWith('/') ? parent + match[2]! : parent + match[2]!;
    stack[depth] = full;
    routes.push({ path: full, methods: match[3]!.split(', ').filter((method) => method !== 'HEAD') });
  }
  return routes;
}

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '../../etc/passwd', '%2e%2e%2f', '\u0000', 'null', '[]', '{}', '__proto__', 'constructor', '😀'.repeat(60), 'a'.repeat(129), 'b'.repeat(128), 'x'.repeat(300)),
);

/** Scalars, arrays where scalars belong, objects, nulls: the shapes a confused client sends. */
const value: fc.Arbitrary<unknown> = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(text, text, { maxKeys: 3 }),
  fc.constant({ __proto__: { polluted: true } }),
);

/** Bodies built on the real shapes, with fields replaced, dropped or added. */
const shapedBody = fc.record(
  {
    appId: fc.oneof(fc.constantFrom('fake', 'file', 'cartrover'), value),
    values: fc.oneof(fc.dictionary(fc.constantFrom('name', 'apiUser', 'apiKey', 'concurrencyLevel', 'borrowConcurrencyFrom'), value, { maxKeys: 5 }), value),
    name: value,
    integrationId: value,
    connectionId: value,
    saveOnFailedTest: value,
    version: value,
    source: fc.oneof(fc.record({ appId: value, operation: value, config: value }, { requiredKeys: [] }), value),
    destination: fc.oneof(fc.record({ appId: value, operation: value, config: value }, { requiredKeys: [] }), value),
    schedule: value,
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  { weight: 3, arbitrary: shapedBody.map((shape) => ({ text: JSON.stringify(shape), type: 'application/json' })) },
  { weight: 2, arbitrary: fc.jsonValue().map((json) => ({ text: JSON.stringify(json) ?? 'null', type: 'application/json' })) },
  { weight: 1, arbitrary: fc.array(text, { maxLength: 4 }).map((lines) => ({ text: lines.join('\n'), type: 'application/x-ndjson' })) },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":', 'not json', '\uFEFF{}', '[1,2', '{"values":{"name":"x"}}'.repeat(3)).map((raw) => ({ text: raw, type: 'application/json' })) },
  { weight: 1, arbitrary: fc.tuple(text, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '')).map(([raw, type]) => ({ text: raw, type })) },
  { weight: 1, arbitrary: fc.constantFrom(2_100_000, 11_000_000).map((size) => ({ text: `{"name":"${'z'.repeat(size)}"}`, type: 'application/json' })) },
  { weight: 2, arbitrary: fc.constant(undefined) },
);

// Few names, so a parameter often comes twice (`?integrationId=a&integrationId=b`), and a
// query that is only one parameter repeated.
// No `token`: wrong login tokens would lock this client out (429) for the rest of the run; the
// access tests cover them.
const pairs = fc.oneof(
  fc.array(fc.tuple(fc.constantFrom('integrationId', 'limit', 'offset', 'version'), fc.oneof(text, fc.integer().map(String))), { maxLength: 4 }),
  fc.tuple(fc.constantFrom('integrationId', 'limit', 'offset'), text, text).map(([key, first, second]) => [[key, first], [key, second]] as [string, string][]),
);
const query = pairs.map((list) =>
  list.length === 0 ? '' : `?${list.map(([key, raw]) => `${key}=${encodeURIComponent(raw)}`).join('&')}`,
);
describe('REST fuzz: every route, hostile input, never a 5xx, only documented errors', () => {
  const running = useTestHost({ masterKey: Buffer.alloc(32, 13).toString('base64') }, 'host-fuzz-');
  let routes: Route[];
  const ids: Record<string, string[]> = { id: [], appId: ['fake', 'file'], cid: [], name: ['fuzz.ndjson'], runId: [] };

  beforeAll(async () => {
    routes = routesOf(running.host.server.printRoutes({ commonPrefix: false }));
    const api = running.api;
    const connection = (await api.post('/api/connections', { appId: 'fake', values: { name: 'Fuzz', apiUser: 'u', apiKey: 'good-fuzz-key' } })).body.connection;
    const integration = (await api.post('/api/integrations', { name: 'Fuzz' })).body;
    await api.put(`/api/integrations/${integration.id}/connections/register`, [connection.id]);
    await api.request('PUT', '/api/files/fuzz.ndjson', '{"n":1}\n', { 'content-type': 'application/x-ndjson' });
    const flow = (await api.post('/api/flows', {
      integrationId: integration.id,
      name: 'Fuzz flow',
      source: { appId: 'file', operation: 'read', config: { name: 'fuzz.ndjson' } },
      destination: { appId: 'fake', connectionId: connection.id, operation: 'collect', config: {} },
    })).body;
    const run = (await api.post(`/api/flows/${flow.id}/run`)).body;
    await api.waitForRun(flow.id, run.runId);
    ids.id!.push(connection.id, integration.id, flow.id);
    ids.cid!.push(connection.id);
    ids.runId!.push(run.runId);
  });

  it('finds the route table', () => {
    expect(routes.map((route) => route.path)).toEqual(expect.arrayContaining(['/api/connections/:id', '/api/flows/:id/runs/:runId', '/api/files/:name', '/api/integrations/:id/connections/:cid/register']));
  });

  it('a repeated query parameter is a 422, not a 500 (the fault campaign\'s case)', async () => {
    const answer = await running.api.get('/api/flows?integrationId=a&integrationId=b');
    expect(answer.status).toBe(422);
    expect(answer.body.error).toBe('validation_failed');
  });

  it('names of 200 characters work end to end (connections, integrations, flows by id in the path); 201 is a 422', async () => {
    const name = 'N'.repeat(200);
    const connection = await running.api.post('/api/connections', { appId: 'fake', values: { name, apiUser: 'u', apiKey: 'good-long-name' } });
    expect(connection.status).toBe(201);
    expect((await running.api.get(`/api/connections/${connection.body.connection.id}`)).body.name).toBe(name);
    expect((await running.api.post('/api/connections', { appId: 'fake', values: { name: `${name}x`, apiUser: 'u', apiKey: 'good-long-name' } })).status).toBe(422);
    const integration = await running.api.post('/api/integrations', { name });
    expect(integration.status).toBe(201);
    expect((await running.api.post('/api/integrations', { name: `${name}x` })).status).toBe(422);
    // An id of 200 characters in a path is an unknown id (404), not a router error.
    expect((await running.api.get(`/api/flows/${'i'.repeat(200)}`)).status).toBe(404);
  });

  it('file names of 101..128 characters reach the files API (no 414)', async () => {
    for (const length of [101, 128]) {
      const name = `${'n'.repeat(length - 7)}.ndjson`;
      const put = await running.api.request('PUT', `/api/files/${name}`, '{"n":1}\n', { 'content-type': 'application/x-ndjson' });
      expect([length, put.status]).toEqual([length, 200]);
      expect((await running.api.get(`/api/files/${name}`)).status).toBe(200);
    }
    const tooLong = await running.api.request('PUT', `/api/files/${'n'.repeat(129 - 7)}.ndjson`, '{"n":1}\n', { 'content-type': 'application/x-ndjson' });
    expect(tooLong.status).toBe(422);
  });

  it('answers every fuzzed request below 500, with a documented error code', async () => {
    const request = fc.record({
      route: fc.integer({ min: 0, max: 10_000 }),
      methodIndex: fc.nat(),
      // Mostly a method the route has; sometimes one it has not.
      method: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH') }),
      params: fc.array(fc.oneof(fc.constant(undefined), text), { minLength: 4, maxLength: 4 }),
      query,
      body,
      ifMatch: fc.option(fc.oneof(text, fc.constantFrom('"1"', '"2"', '*', 'W/"1"', '"99999999999999999999"')), { nil: undefined }),
      anonymous: fc.integer({ min: 0, max: 19 }).map((draw) => draw === 0),
    });
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const route = routes[input.route % routes.length]!;
        const method = input.method ?? route.methods[input.methodIndex % route.methods.length]!;
        let slot = 0;
        const path = route.path.replace(/:([A-Za-z]+)|\*/g, (_whole, name: string | undefined) => {
          const fuzzed = input.params[slot++];
          const known = ids[name ?? 'id'] ?? [];
          const chosen = fuzzed === undefined && known.length > 0 ? known[slot % known.length]! : (fuzzed ?? 'x');
          return encodeURIComponent(chosen);
        });
        const headers: Record<string, string> = {};
        if (input.body !== undefined && input.body.type !== '') headers['content-type'] = input.body.type;
        if (input.ifMatch !== undefined) headers['if-match'] = input.ifMatch.replace(/[^\x20-\x7e]/g, '?');
        if (!input.anonymous) headers.authorization = `Bearer ${running.host.token}`;
        const answer = await send(running.url, method, path + input.query, headers, input.body?.text);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const summary = `${method} ${(path + input.query).slice(0, 200)} -> ${answer.status} ${answer.text.slice(0, 300)}`;
        if (answer.status >= 500) throw new Error(`5xx: ${summary}`);
        if (answer.status >= 400 && path.startsWith('/api/')) {
          let parsed: { error?: unknown; message?: unknown } | undefined;
          try {
            parsed = JSON.parse(answer.text) as typeof parsed;
          } catch {
            parsed = undefined;
          }
          if (!parsed || typeof parsed.error !== 'string' || !DOCUMENTED_ERRORS.has(parsed.error) || typeof parsed.message !== 'string') {
            throw new Error(`undocumented error: ${summary}`);
          }
        }
      }),
      { numRuns: 1500, seed: 1414 },
    );
    // The fuzzer was never locked out, and it reached both the services and the validators.
    expect(statuses.get(429)).toBeUndefined();
    expect(statuses.get(200)).toBeGreaterThan(50);
    expect(statuses.get(422)).toBeGreaterThan(50);
  }, 240_000);
});
