import Fastify, { LogController } from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger as PinoInstance } from 'pino';
import type { ApiServices } from './api-services';
import { contentTypeGuard } from './content-type-guard';
import { errorHandler } from './error-handler';
import { JSON_BODY_LIMIT } from './http-limits';
import { registerAppRoutes } from './routes/app-routes';
import { registerConnectionRoutes } from './routes/connection-routes';
import { registerFileRoutes } from './routes/file-routes';
import { registerFlowRoutes } from './routes/flow-routes';
import { registerHealthRoutes } from './routes/health-routes';
import { registerIntegrationRoutes } from './routes/integration-routes';
import { registerPoolRoutes } from './routes/pool-routes';
import { registerStaticRoutes } from './routes/static-routes';
import { singleQueryValues } from './single-query-values';

export interface ServerOptions {
  /** The access guard (token, session cookie, Host allow-list, same-origin); runs first on every request. */
  readonly access: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  readonly services: ApiServices;
  readonly logger: PinoInstance;
  readonly staticDir: string;
}

/** The REST API of DESIGN §7 and the web page, on fastify. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
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
    defaultJsonParser(request, body as string, done);
  });
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const limitOf = (request: { routeOptions: { bodyLimit?: number } }): number => request.routeOptions.bodyLimit ?? JSON_BODY_LIMIT;
  app.setErrorHandler(errorHandler(limitOf));
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` });
  });
  app.addHook('onRequest', options.access);
  app.addHook('onRequest', contentTypeGuard);
  app.addHook('onRequest', singleQueryValues);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });

  registerHealthRoutes(app);
  registerAppRoutes(app, options.services);
  registerConnectionRoutes(app, options.services);
  registerIntegrationRoutes(app, options.services);
  registerFileRoutes(app, options.services);
  registerFlowRoutes(app, options.services);
  registerPoolRoutes(app, options.services);
  registerStaticRoutes(app, options.staticDir);
  await app.ready();
  return app;
}
