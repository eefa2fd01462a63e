/**
 * Sessions (issue 19, section 5): the printed login URL carries a one-time code, "Log out" ends a
 * session on every host of the folder, `rotate-token` (the built CLI) replaces the token and ends
 * every session, and every answer carries the security headers.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../support/temp-plugin';
import { waitFor } from '../support/wait-for';
import { startTestHost, useTestHost } from './support/host-harness';
import type { RunningHost } from './support/host-harness';

const KEY = Buffer.alloc(32, 17).toString('base64');
const CLI = path.join(PROJECT_ROOT, 'cli', 'dist', 'main.js');

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function raw(url: string, method: string, pathName: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: target.hostname, port: target.port, method, path: pathName, headers: { host: target.host, ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function sessionOf(answer: RawAnswer): string {
  return String(answer.headers['set-cookie']).split(';')[0]!;
}

describe('sessions: one-time login URL, log out, rotate-token', () => {
  const running = useTestHost({ masterKey: KEY }, 'host-sessions-');
  let second: RunningHost;

  beforeAll(async () => {
    // A second host on the same folder (same token file, same database).
    second = await startTestHost({ dataDir: running.dataDir, masterKey: KEY });
  });
  afterAll(async () => {
    await second.close();
  });

  it('the printed login URL logs in once, to a clean /; used again it is 401; the token keeps working', async () => {
    const login = new URL(running.host.loginUrl(running.url));
    expect(login.searchParams.get('token')).toBeNull();
    expect(login.search).not.toContain(running.host.token);
    const first = await raw(running.url, 'GET', login.pathname + login.search, {});
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect((await raw(running.url, 'GET', '/', { cookie: sessionOf(first) })).status).toBe(200);
    const again = await raw(running.url, 'GET', login.pathname + login.search, {});
    expect(again.status).toBe(401);
    expect(JSON.parse(again.body).message).toMatch(/used already or is too old/);
    // A made-up code is no login either; the long-lived token still is (and for scripts, Bearer).
    expect((await raw(running.url, 'GET', '/?code=made-up-code', {})).status).toBe(401);
    expect((await raw(running.url, 'GET', `/?token=${running.host.token}`, {})).status).toBe(303);
    expect((await running.api.get('/api/connections')).status).toBe(200);
  });

  it('"Log out" ends the session on every host of the folder and drops the cookie', async () => {
    const cookie = sessionOf(await raw(running.url, 'GET', `/?token=${running.host.token}`, {}));
    expect((await raw(second.url, 'GET', '/api/connections', { cookie })).status).toBe(200);
    const origin = new URL(running.url).origin;
    const out = await raw(running.url, 'POST', '/api/logout', { cookie, origin });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/cartrover_session=;.*Max-Age=0/);
    expect((await raw(running.url, 'GET', '/api/connections', { cookie })).status).toBe(401);
    expect((await raw(second.url, 'GET', '/api/connections', { cookie })).status).toBe(401);
    expect((await raw(running.url, 'GET', '/', { cookie })).status).toBe(401);
    // A cross-site page cannot log the user out (the same-origin rule of every cookie change).
    const other = sessionOf(await raw(running.url, 'GET', `/?token=${running.host.token}`, {}));
    expect((await raw(running.url, 'POST', '/api/logout', { cookie: other, origin: 'http://evil.example.com' })).status).toBe(403);
    expect((await raw(running.url, 'GET', '/api/connections', { cookie: other })).status).toBe(200);
  });

  it('rotate-token (the CLI) replaces the token; every host takes it, and old sessions, codes and the old token end', async () => {
    const oldToken = running.host.token;
    const cookie = sessionOf(await raw(running.url, 'GET', `/?token=${oldToken}`, {}));
    const code = new URL(running.host.loginUrl(running.url)).search;
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'rotate-token', '--data-dir', running.dataDir], { env: { PATH: process.env.PATH } });
    expect(stdout).toMatch(/Token rotated/);
    expect(stdout).not.toContain(oldToken);
    const newToken = readFileSync(path.join(running.dataDir, 'host.token'), 'utf8').trim();
    expect(newToken).not.toBe(oldToken);
    expect(stdout).not.toContain(newToken);
    await waitFor(async () => (await raw(running.url, 'GET', '/api/connections', { cookie })).status === 401, 'the old credential to be refused', 5000);
    await waitFor(async () => (await raw(second.url, 'GET', '/api/connections', { authorization: `Bearer ${oldToken}` })).status === 401, 'the old credential to be refused', 5000);
    expect((await raw(running.url, 'GET', `/${code}`, {})).status).toBe(401);
    expect((await raw(second.url, 'GET', '/api/connections', { authorization: `Bearer ${newToken}` })).status).toBe(200);
    expect(running.host.token).toBe(newToken);
  });
});

describe('security headers on every answer', () => {
  const running = useTestHost({ masterKey: KEY }, 'host-headers-');

  it('CSP with frame-ancestors none, X-Frame-Options DENY, nosniff, no-referrer: on pages, assets, JSON, errors and unrouted paths', async () => {
    const bearer = { authorization: `Bearer ${running.host.token}` };
    const answers: Array<[string, RawAnswer]> = [
      ['page', await raw(running.url, 'GET', '/', bearer)],
      ['login page', await raw(running.url, 'GET', '/', {})],
      ['asset', await raw(running.url, 'GET', '/js/main.js', {})],
      ['json', await raw(running.url, 'GET', '/api/connections', bearer)],
      ['health', await raw(running.url, 'GET', '/api/health', {})],
      ['401', await raw(running.url, 'GET', '/api/connections', {})],
      ['404', await raw(running.url, 'GET', '/no/such/thing', {})],
      ['403 host', await raw(running.url, 'GET', '/api/health', { host: 'evil.example.com' })],
      ['400 json', await raw(running.url, 'POST', '/api/integrations', { ...bearer, 'content-type': 'application/json' }, '{')],
      ['login redirect', await raw(running.url, 'GET', `/?token=${running.host.token}`, {})],
    ];
    for (const [what, answer] of answers) {
      const csp = String(answer.headers['content-security-policy']);
      expect([what, csp]).toEqual([what, expect.stringContaining("frame-ancestors 'none'")]);
      expect([what, csp]).toEqual([what, expect.stringContaining("script-src 'self'")]);
      expect([what, answer.headers['x-frame-options']]).toEqual([what, 'DENY']);
      expect([what, answer.headers['x-content-type-options']]).toEqual([what, 'nosniff']);
      expect([what, answer.headers['referrer-policy']]).toEqual([what, 'no-referrer']);
    }
  });
});
