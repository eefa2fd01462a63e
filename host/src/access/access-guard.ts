import type { FastifyReply, FastifyRequest } from 'fastify';
import { HostError } from '../errors/host-error';
import { allowList, hostNameOf } from './allowed-hosts';
import type { AccessOptions } from './access-options';
import { sameSecret } from './host-token';
import { LoginCodes } from './login-codes';
import { LoginThrottle } from './login-throttle';
import { SESSION_COOKIE, clearedSessionCookieHeader, cookieValue, issueSession, sessionCookieHeader, sessionExpiry, sessionHash, validSession } from './session-cookie';

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** The three places access is decided, each an `onRequest` hook of the part of the server it guards. */
export interface AccessHooks {
  /** Every request, routed or not: a `Host` outside the allow-list is 403 (DNS rebinding). */
  readonly hostName: Hook;
  /** The API plugin's hook: a token or a session, and same-origin for cookie-authenticated changes. */
  readonly api: Hook;
  /** The page's hook: the login URLs (`/?code=`, `/?token=`) and, without a session, the login page at `/`. */
  readonly page: Hook;
  /** `POST /api/logout`: ends the caller's session on every host of the folder and drops the cookie. */
  readonly logout: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
  /** A new one-time code for the login URL the host prints. */
  readonly issueLoginCode: () => string;
}

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Content types a cross-site form or `fetch` may send without a CORS preflight. */
const SIMPLE_CONTENT_TYPES: ReadonlySet<string> = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);
/** The page's routes that show the page itself (the rest are its assets: public code). */
const PAGE_ROUTES: ReadonlySet<string> = new Set(['/', '/index.html']);

function queryValue(request: FastifyRequest, name: 'token' | 'code'): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === String(request.headers.host ?? '').toLowerCase();
  } catch {
    return false;
  }
}

/** The page without a session: the page's own look (its stylesheet is public), and how to log in. */
const LOGIN_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Integration host: log in</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/styles.css">
</head>
<body class="login-page">
  <header class="topbar"><h1>Integration host</h1></header>
  <main>
    <section class="card login-card" aria-labelledby="login-title" data-testid="login-card">
      <h2 id="login-title">Log in</h2>
      <p>Open the login URL the host printed when it started: <code>http://127.0.0.1:&lt;port&gt;/?code=…</code>. It works once, within 10 minutes.</p>
      <p>After that, open <code>/?token=…</code> with the token from <code>host.token</code> in the host's data folder, or from <code>HOST_TOKEN</code>.</p>
    </section>
  </main>
</body>
</html>
`;

/**
 * Access control in the style of Jupyter's server (OWASP ASVS v4 §3, §4): a Host allow-list
 * (DNS rebinding), a token as `Authorization: Bearer` for scripts, a login URL that trades the
 * token for an HttpOnly SameSite=Strict session cookie for the page, and for cookie-authenticated
 * unsafe requests a same-origin `Origin` and no cross-site-sendable content type (CSRF).
 *
 * Every decision is made on the route the router chose (the hook belongs to that route's plugin),
 * never on the raw URL: `/%61pi/connections` is routed to the API, so the API's hook guards it.
 */
export function accessGuard(options: AccessOptions, now: () => number = Date.now): AccessHooks {
  const hosts = allowList(options.allowedHosts);
  const throttle = new LoginThrottle(now);
  const codes = new LoginCodes(now);
  // A rotated token ends every login in progress as well as every session.
  options.token.onChange(() => codes.clear());

  /** A failed login: 401, or 429 once the host's budget of failures is spent (a right token is never refused). */
  const refuse = (reply: FastifyReply, message: string): never => {
    const wait = throttle.retryAfterMs();
    throttle.recordFailure();
    if (wait === 0) throw new HostError(401, 'unauthorized', message);
    void reply.header('retry-after', String(Math.ceil(wait / 1000)));
    throw new HostError(429, 'too_many_attempts', `Too many failed logins on this host; try again in ${Math.ceil(wait / 1000)} s (a right token or an open session still works)`);
  };
  const sessionOf = (request: FastifyRequest): string | undefined => {
    const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (cookie === undefined || !validSession(cookie, options.token.current(), now())) return undefined;
    return options.endedSessions.has(sessionHash(cookie)) ? undefined : cookie;
  };
  const rightBearer = (request: FastifyRequest): boolean | undefined => {
    const bearer = bearerOf(request);
    return bearer === undefined ? undefined : sameSecret(bearer, options.token.current());
  };

  const hostName: Hook = async (request) => {
    const name = hostNameOf(request.headers.host);
    if (name === undefined || !hosts.has(name)) {
      throw new HostError(403, 'forbidden_host', `This host does not answer to the name "${String(request.headers.host ?? '')}"; start it with --allowed-hosts to add a name`);
    }
  };

  const api: Hook = async (request, reply) => {
    if (request.routeOptions.config.openAccess === true) return;
    const bearer = rightBearer(request);
    if (bearer === true) return;
    if (bearer === false) refuse(reply, 'The bearer token is wrong');
    if (sessionOf(request) === undefined) {
      void reply.header('www-authenticate', 'Bearer');
      throw new HostError(401, 'unauthorized', 'Send Authorization: Bearer <token>, or log in with the URL the host printed at start');
    }
    if (SAFE_METHODS.has(request.method)) return;
    if (!sameOrigin(request)) throw new HostError(403, 'cross_origin', 'A cookie-authenticated change must come from this host\'s own page (same Origin)');
    const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (SIMPLE_CONTENT_TYPES.has(type)) throw new HostError(403, 'cross_origin', `A cookie-authenticated change cannot be sent as ${type}; send JSON`);
  };

  const page: Hook = async (request, reply) => {
    const route = request.routeOptions.url ?? '/';
    const code = request.method === 'GET' ? queryValue(request, 'code') : undefined;
    const token = request.method === 'GET' ? queryValue(request, 'token') : undefined;
    if (code !== undefined || token !== undefined) {
      if (code !== undefined && !codes.redeem(code)) refuse(reply, 'This login URL was used already or is too old; the host prints a new one at each start (or use /?token=<token>)');
      if (code === undefined && !sameSecret(token!, options.token.current())) refuse(reply, 'The token in the login URL is wrong; use the URL the host printed at start');
      // The code or token leaves the address bar at once; the cookie carries the login. The
      // redirect goes to the routed page, never to the raw path (no open redirect).
      await reply.header('set-cookie', sessionCookieHeader(issueSession(options.token.current(), now()))).header('cache-control', 'no-store').redirect(route, 303);
      return reply;
    }
    // The page's assets are public code; only the page itself says how to log in.
    const signedIn = sessionOf(request) !== undefined || rightBearer(request) === true;
    if (PAGE_ROUTES.has(route) && !signedIn) return reply.status(401).type('text/html; charset=utf-8').send(LOGIN_PAGE);
    return undefined;
  };

  const logout = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const cookie = sessionOf(request);
    if (cookie !== undefined) options.endedSessions.end(sessionHash(cookie), sessionExpiry(cookie), now());
    return reply.header('set-cookie', clearedSessionCookieHeader()).header('cache-control', 'no-store').status(204).send();
  };

  return { hostName, api, page, logout, issueLoginCode: () => codes.issue() };
}
