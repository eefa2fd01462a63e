import type { FastifyInstance } from 'fastify';
import type { ConnectionValues } from 'cartrover-connector/contracts';
import type { CatalogApp } from '../../apps/catalog-app';
import { NotFoundError } from '../../errors/not-found-error';
import { FILE_APP_ID } from '../../files/file-app';
import type { ApiServices } from '../api-services';
import { JSON_BODY_LIMIT } from '../http-limits';
import { connectionFormBody } from '../request-schemas';
import { optionalId } from './optional-id';

function appView(app: CatalogApp) {
  return {
    id: app.id,
    name: app.name,
    roles: app.roles,
    plugin: { id: app.plugin.id, version: app.plugin.version },
    documentation: app.documentation,
    hasConnections: app.contribution !== undefined,
    // The host's built-in app whose steps name files of the files API (the page offers a pick list).
    usesFiles: app.id === FILE_APP_ID,
  };
}

export function registerAppRoutes(app: FastifyInstance, services: ApiServices): void {
  app.get('/apps', async () => services.catalog.list().map(appView));

  app.get<{ Params: { appId: string } }>('/apps/:appId', async (request) => {
    const found = services.catalog.get(request.params.appId);
    if (!found) throw new NotFoundError('App', request.params.appId);
    return appView(found);
  });

  app.get<{ Params: { appId: string } }>('/apps/:appId/operations', async (request) => {
    const found = services.catalog.get(request.params.appId);
    if (!found) throw new NotFoundError('App', request.params.appId);
    return found.operations.map((operation) => ({
      id: operation.id,
      role: operation.role,
      name: operation.name,
      description: operation.description,
      configSchema: operation.configSchema,
      ...(operation.role === 'destination' ? { batchSize: operation.batchSize } : {}),
    }));
  });

  app.post<{ Params: { appId: string }; Body: { values?: ConnectionValues; connectionId?: string | null } }>(
    '/apps/:appId/connection-form',
    {
      schema: { body: connectionFormBody },
      config: { bodyKind: 'json' },
      bodyLimit: JSON_BODY_LIMIT,
      // An empty POST asks for the blank form.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => services.connections.renderForm(request.params.appId, request.body.values ?? {}, optionalId(request.body.connectionId)),
  );
}
