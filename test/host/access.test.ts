import { readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { Host } from '../../host/src';
import { FAKE_MANIFEST, LogCapture, startTestHost, tempDataDir, useTestHost } from './support/host-harness';

const KEY = Buffer.alloc(32, 9).toString('base64');

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** Raw HTTP, so the test can send any Host, Origin and Cookie header a browser or attacker would. */
function raw(url: string, method: string, pathName: string, headers: Record<string, string>, body?: string, localAddress?: string): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: target.hostname, port: target.port, method, path: pathName, headers, ...(localAddress ? { localAddress, agent: false } : {}) }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function modeOf(file: string): number {
  return statSync(file).mode & 0o777;
}

describe('access control: token, session cookie, Host allow-list, same-origin', () => {
  const running = useTestHost({ masterKey: KEY, allowedHosts: ['integrations.example.test'] }, 'host-access-');
  let host: string;

  beforeAll(async () => {
    host = new URL(running.url).host;
  });

  it('answers /api/health without a token; no token or a wrong one is 401', async () => {
    expect((await running.api.request('GET', '/api/health', undefined, { authorization: '' })).status).toBe(200);
    const none = await running.api.request('GET', '/api/connections', undefined, { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('unauthorized');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await running.api.request('GET', '/api/connections', undefined, { authorization: 'Bearer not-the-token-at-all' })).status).toBe(401);
    expect((await running.api.get('/api/connections')).status).toBe(200);
    // The token never appears in an answer or a log line.
    expect(running.log.text()).not.toContain(running.host.token);
  });

  it('a Host outside the allow-list is 403, even with the right token; allowed names pass', async () => {
    const bearer = { authorization: `Bearer ${running.host.token}` };
    const evil = await raw(running.url, 'GET', '/api/connections', { ...bearer, host: 'evil.example.com' });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error).toBe('forbidden_host');
    expect((await raw(running.url, 'GET', '/api/health', { host: 'evil.example.com' })).status).toBe(403);
    for (const name of [`localhost:${new URL(running.url).port}`, host, 'integrations.example.test:8443']) {
      expect((await raw(running.url, 'GET', '/api/connections', { ...bearer, host: name })).status).toBe(200);
    }
  });

  it('the login URL sets an HttpOnly SameSite=Strict cookie and redirects to /; a wrong token is 401', async () => {
    expect((await raw(running.url, 'GET', '/?token=wrong-token-123456789', { host })).status).toBe(401);
    const page = await raw(running.url, 'GET', '/', { host });
    expect(page.status).toBe(401);
    expect(page.body).toContain('login URL');
    const login = await raw(running.url, 'GET', `/?token=${running.host.token}`, { host });
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/');
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    expect((await raw(running.url, 'GET', '/', { host, cookie: session })).status).toBe(200);
    expect((await raw(running.url, 'GET', '/api/connections', { host, cookie: session })).status).toBe(200);
    expect((await raw(running.url, 'GET', '/api/connections', { host, cookie: `${session}x` })).status).toBe(401);
  });

  it('cookie-authenticated changes need a same-origin Origin and no cross-site content type; Bearer callers need no Origin', async () => {
    const login = await raw(running.url, 'GET', `/?token=${running.host.token}`, { host });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const integration = await running.api.post('/api/integrations', { name: 'Access' });
    const file = await running.api.request('PUT', '/api/files/access.ndjson', '{"n":1}\n', { 'content-type': 'application/x-ndjson' });
    expect(file.status).toBe(200);
    const flow = await running.api.post('/api/flows', {
      integrationId: integration.body.id,
      name: 'Access flow',
      source: { appId: 'file', operation: 'read', config: { name: 'access.ndjson' } },
      destination: { appId: 'file', operation: 'write', config: { name: 'access-out.ndjson' } },
    });
    expect(flow.status).toBe(201);
    const runPath = `/api/flows/${flow.body.id}/run`;

    const crossOrigin = await raw(running.url, 'POST', runPath, { host, cookie, origin: 'http://evil.example.com', 'content-type': 'text/plain' }, 'x');
    expect(crossOrigin.status).toBe(403);
    expect(JSON.parse(crossOrigin.body).error).toBe('cross_origin');
    expect((await raw(running.url, 'POST', runPath, { host, cookie })).status).toBe(403);
    expect((await raw(running.url, 'POST', runPath, { host, cookie, origin: `http://${host}`, 'content-type': 'text/plain' }, 'x')).status).toBe(403);
    expect((await running.api.get(`/api/flows/${flow.body.id}/runs`)).body).toHaveLength(0);

    const sameOrigin = await raw(running.url, 'POST', runPath, { host, cookie, origin: `http://${host}` });
    expect(sameOrigin.status).toBe(202);
    const bearer = await running.api.request('POST', '/api/connections/test', { appId: 'fake', values: {} });
    expect(bearer.status).toBe(200);
    const sameOriginJson = await raw(running.url, 'POST', '/api/connections/test', { host, cookie, origin: `http://${host}`, 'content-type': 'application/json' }, JSON.stringify({ appId: 'fake', values: {} }));
    expect(sameOriginJson.status).toBe(200);
  });
});

describe('access: failed logins are rate-limited; the token comes from HOST_TOKEN or a 0600 file', () => {
  it('after 10 failed logins on the host, from any loopback address, wrong tokens are 429; the right token never is', async () => {
    const data = tempDataDir('host-throttle-');
    const running = await startTestHost({ dataDir: data.dir, masterKey: KEY, token: 'a-token-given-by-HOST_TOKEN-0001' });
    try {
      expect(running.host.token).toBe('a-token-given-by-HOST_TOKEN-0001');
      const host = new URL(running.url).host;
      // Every guess from another 127.x source address: a per-address budget would never fill.
      for (let attempt = 0; attempt < 10; attempt += 1) {
        const answer = await raw(running.url, 'GET', '/api/connections', { host, authorization: `Bearer wrong-${attempt}` }, undefined, `127.0.0.${attempt + 2}`);
        expect(answer.status).toBe(401);
      }
      const locked = await raw(running.url, 'GET', '/api/connections', { host, authorization: 'Bearer wrong-again' }, undefined, '127.0.0.99');
      expect(locked.status).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(locked.body).error).toBe('too_many_attempts');
      expect((await running.api.request('GET', '/?token=wrong-token-123456789', undefined, { authorization: '' })).status).toBe(429);
      // The owner of the right token is not locked out by others' failures, nor are open routes.
      expect((await running.api.get('/api/connections')).status).toBe(200);
      expect((await raw(running.url, 'GET', `/?token=${running.host.token}`, { host }, undefined, '127.0.0.99')).status).toBe(303);
      expect((await running.api.request('GET', '/api/health', undefined, { authorization: '' })).status).toBe(200);
    } finally {
      await running.close();
      data.remove();
    }
  });

  it('refuses a non-loopback bind without --allowed-hosts', async () => {
    const data = tempDataDir('host-bind-');
    const host = await Host.create({ dataDir: data.dir, masterKey: KEY, manifests: [FAKE_MANIFEST], logDestination: new LogCapture() });
    try {
      await expect(host.listen({ port: 0, bind: '0.0.0.0' })).rejects.toThrow(/--allowed-hosts/);
    } finally {
      await host.close();
      data.remove();
    }
  });

  it('data folder 0700 and every file 0600 even with umask 000; the token file survives restarts', async () => {
    const data = tempDataDir('host-modes-');
    const previous = process.umask(0);
    let token: string;
    try {
      const dir = path.join(data.dir, 'fresh');
      const running = await startTestHost({ dataDir: dir });
      token = running.host.token;
      expect((await running.api.post('/api/connections', { appId: 'fake', values: { name: 'Modes', apiUser: 'u', apiKey: 'good-modes-key' } })).status).toBe(201);
      expect((await running.api.request('PUT', '/api/files/modes.ndjson', '{"n":1}\n', { 'content-type': 'application/x-ndjson' })).status).toBe(200);
      expect(modeOf(dir)).toBe(0o700);
      expect(modeOf(path.join(dir, 'files'))).toBe(0o700);
      for (const file of ['host.db', 'host.db-wal', 'host.db-shm', 'master.key', 'host.token', 'files/modes.ndjson']) {
        expect([file, modeOf(path.join(dir, file))]).toEqual([file, 0o600]);
      }
      expect(readFileSync(path.join(dir, 'host.token'), 'utf8').trim()).toBe(token);
      await running.close();
      const again = await startTestHost({ dataDir: dir });
      expect(again.host.token).toBe(token);
      await again.close();
    } finally {
      process.umask(previous);
      data.remove();
    }
  });
});
