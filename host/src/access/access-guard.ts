import type { FastifyReply, FastifyRequest } from 'fastify';
import { HostError } from '../errors/host-error';
import { allowList, hostNameOf } from './allowed-hosts';
import type { AccessOptions } from './access-options';
import { sameSecret } from './host-token';
import { LoginThrottle } from './login-throttle';
import { SESSION_COOKIE, cookieValue, issueSession, sessionCookieHeader, validSession } from './session-cookie';

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** The three places access is decided, each an `onRequest` hook of the part of the server it guards. */
export interface AccessHooks {
  /** Every request, routed or not: a `Host` outside the allow-list is 403 (DNS rebinding). */
  readonly hostName: Hook;
  /** The API plugin's hook: a token or a session, and same-origin for cookie-authenticated changes. */
  readonly api: Hook;
  /** The page's hook: the login URL (`/?token=`) and, without a session, the login page at `/`. */
  readonly page: Hook;
}

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Content types a cross-site form or `fetch` may send without a CORS preflight. */
const SIMPLE_CONTENT_TYPES: ReadonlySet<string> = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);
/** The page's routes that show the page itself (the rest are its assets: public code). */
const PAGE_ROUTES: ReadonlySet<string> = new Set(['/', '/index.html']);

function tokenInQuery(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.token;
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

const LOGIN_PAGE = `<!doctype html><meta charset="utf-8"><title>Integration host: log in</title>
<h1>Log in</h1><p>Open the login URL the host printed when it started (<code>http://127.0.0.1:&lt;port&gt;/?token=…</code>),
or the one built from the token in <code>host.token</code> in its data folder or from <code>HOST_TOKEN</code>.</p>`;

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

  const refuseThrottled = (request: FastifyRequest, reply: FastifyReply): void => {
    const wait = throttle.retryAfterMs(request.ip);
    if (wait === 0) return;
    void reply.header('retry-after', String(Math.ceil(wait / 1000)));
    throw new HostError(429, 'too_many_attempts', `Too many failed logins from ${request.ip}; try again in ${Math.ceil(wait / 1000)} s`);
  };
  const hasSession = (request: FastifyRequest): boolean => validSession(cookieValue(request.headers.cookie, SESSION_COOKIE), options.token, now());

  const hostName: Hook = async (request) => {
    const name = hostNameOf(request.headers.host);
    if (name === undefined || !hosts.has(name)) {
      throw new HostError(403, 'forbidden_host', `This host does not answer to the name "${String(request.headers.host ?? '')}"; start it with --allowed-hosts to add a name`);
    }
  };

  const api: Hook = async (request, reply) => {
    if (request.routeOptions.config.openAccess === true) return;
    const bearer = bearerOf(request);
    if (bearer !== undefined) {
      refuseThrottled(request, reply);
      if (sameSecret(bearer, options.token)) return;
      throttle.recordFailure(request.ip);
      throw new HostError(401, 'unauthorized', 'The bearer token is wrong');
    }
    if (!hasSession(request)) {
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
    const queryToken = request.method === 'GET' ? tokenInQuery(request) : undefined;
    if (queryToken !== undefined) {
      refuseThrottled(request, reply);
      if (!sameSecret(queryToken, options.token)) {
        throttle.recordFailure(request.ip);
        throw new HostError(401, 'unauthorized', 'The token in the login URL is wrong; use the URL the host printed at start');
      }
      // The token leaves the address bar (and the history) at once; the cookie carries the login.
      // The redirect goes to the routed page, never to the raw path (no open redirect).
      await reply.header('set-cookie', sessionCookieHeader(issueSession(options.token, now()))).header('cache-control', 'no-store').redirect(route, 303);
      return reply;
    }
    // The page's assets are public code; only the page itself says how to log in.
    const bearer = bearerOf(request);
    const signedIn = hasSession(request) || (bearer !== undefined && sameSecret(bearer, options.token));
    if (PAGE_ROUTES.has(route) && !signedIn) return reply.status(401).type('text/html; charset=utf-8').send(LOGIN_PAGE);
    return undefined;
  };

  return { hostName, api, page };
}
