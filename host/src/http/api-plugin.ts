import type { FastifyInstance } from 'fastify';
import type { AccessHooks } from '../access/access-guard';
import type { ApiServices } from './api-services';
import { contentTypeGuard } from './content-type-guard';
import { registerAppRoutes } from './routes/app-routes';
import { registerConnectionRoutes } from './routes/connection-routes';
import { registerFileRoutes } from './routes/file-routes';
import { registerFlowRoutes } from './routes/flow-routes';
import { registerRunDownloadRoutes } from './routes/run-download-routes';
import { registerHealthRoutes } from './routes/health-routes';
import { registerIntegrationRoutes } from './routes/integration-routes';
import { registerPoolRoutes } from './routes/pool-routes';
import { registerSessionRoutes } from './routes/session-routes';
import { singleQueryValues } from './single-query-values';

export interface ApiPluginOptions {
  /** Access: its `api` hook (token or session, same-origin) runs first on every API route. */
  readonly access: AccessHooks;
  readonly services: ApiServices;
}

/**
 * The whole REST API as one encapsulated plugin, registered under the prefix `/api`: its
 * `onRequest` hooks belong to every route in it, so the token is demanded for whatever the router
 * routes here, however the path was spelled (`/%61pi/…`), and no API route exists outside it.
 */
export async function apiPlugin(api: FastifyInstance, options: ApiPluginOptions): Promise<void> {
  api.addHook('onRequest', options.access.api);
  api.addHook('onRequest', contentTypeGuard);
  api.addHook('onRequest', singleQueryValues);
  registerHealthRoutes(api);
  registerAppRoutes(api, options.services);
  registerConnectionRoutes(api, options.services);
  registerIntegrationRoutes(api, options.services);
  registerFileRoutes(api, options.services);
  registerFlowRoutes(api, options.services);
  registerRunDownloadRoutes(api, options.services);
  registerPoolRoutes(api, options.services);
  registerSessionRoutes(api, options.access);
}
