import fastifyHelmet from '@fastify/helmet';
import Fastify, { LogController } from 'fastify';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Logger as PinoInstance } from 'pino';
import type { AccessHooks } from '../access/access-guard';
import type { ApiServices } from './api-services';
import { clientErrorHandler, frameworkErrors } from './client-errors';
import { prototypeKeyPath, PrototypeKeyError } from './prototype-key-error';
import { errorHandler } from './error-handler';
import { HTTP_TIMEOUTS, JSON_BODY_LIMIT } from './http-limits';
import type { HttpTimeouts } from './http-limits';
import { apiPlugin } from './api-plugin';
import { SECURITY_HEADERS } from './security-headers';
import { pagePlugin } from './page-plugin';

export interface ServerOptions {
  /** The access hooks (Host allow-list, token or session, same-origin, login URL). */
  readonly access: AccessHooks;
  readonly services: ApiServices;
  readonly logger: PinoInstance;
  readonly staticDir: string;
  /** Sees every route as it is added (it may wrap the handler): lets a test enumerate the route table and count handler runs. */
  readonly observeRoute?: (route: RouteOptions) => void;
  /** Client time limits (default HTTP_TIMEOUTS); tests shorten them. */
  readonly timeouts?: HttpTimeouts;
}

/** The REST API (host/src/README.md) and the web page, on fastify. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const timeouts = options.timeouts ?? HTTP_TIMEOUTS;
  const app = Fastify({
    loggerInstance: options.logger,
    // Requests are not logged one by one (the page polls); failures and service events are.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: JSON_BODY_LIMIT,
    // Ids (up to 200 characters) and file names (up to 128) must reach the services, which answer
    // with documented errors; fastify's default of 100 answered 414 FST_ERR_MAX_PARAM_LENGTH.
    routerOptions: { maxParamLength: 1000 },
    // Bodies are checked as sent: no coercion, no silently dropped unknown fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true, useDefaults: false } },
    forceCloseConnections: 'idle',
    // Errors before routing (an undecodable path, unreadable HTTP) in the documented shape too.
    frameworkErrors,
    clientErrorHandler,
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // Node checks the header and request limits on this interval (default 30 s: a cut could come a minute late).
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: Math.min(1000, timeouts.headersMs) },
  }) as unknown as FastifyInstance;

  // An empty body with Content-Type JSON on a route that takes none (…/test, …/run) is fine;
  // where a body is required, the schema says so (422).
  const defaultJsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) {
      done(null, undefined);
      return;
    }
    defaultJsonParser(request, body as string, (error, parsed) => {
      // Valid JSON refused for a `__proto__` / `constructor.prototype` key: say which key.
      const path = error ? prototypeKeyPath(body as string) : undefined;
      done(path === undefined ? error : new PrototypeKeyError(path), parsed);
    });
  });

  const limitOf = (request: { routeOptions: { bodyLimit?: number } }): number => request.routeOptions.bodyLimit ?? JSON_BODY_LIMIT;
  app.setErrorHandler(errorHandler(limitOf));
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` });
  });
  // The Host allow-list applies to every request, routed or not; the rest of access is decided by
  // the hook of the plugin the router chose (the API's or the page's).
  await app.register(fastifyHelmet, SECURITY_HEADERS);
  app.addHook('onRequest', options.access.hostName);
  if (options.observeRoute) app.addHook('onRoute', options.observeRoute);

  await app.register(apiPlugin, { prefix: '/api', access: options.access, services: options.services });
  await app.register(pagePlugin, { access: options.access.page, staticDir: options.staticDir });
  await app.ready();
  return app;
}
