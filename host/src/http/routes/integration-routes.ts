import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../api-services';
import { JSON_BODY_LIMIT } from '../http-limits';
import { createIntegrationBody, registerConnectionsBody } from '../request-schemas';

type IdParams = { Params: { id: string } };
const json = { config: { bodyKind: 'json' as const }, bodyLimit: JSON_BODY_LIMIT };

export function registerIntegrationRoutes(app: FastifyInstance, services: ApiServices): void {
  const integrations = services.integrations;

  app.post<{ Body: { name: string } }>('/api/integrations', { ...json, schema: { body: createIntegrationBody } }, async (request, reply) =>
    reply.status(201).send(integrations.create(request.body.name)),
  );

  app.get('/api/integrations', async () => integrations.list());

  app.get<IdParams>('/api/integrations/:id', async (request) => integrations.get(request.params.id));

  app.put<IdParams & { Body: string[] }>(
    '/api/integrations/:id/connections/register',
    { ...json, schema: { body: registerConnectionsBody } },
    async (request) => integrations.register(request.params.id, request.body),
  );

  app.delete<{ Params: { id: string; cid: string } }>('/api/integrations/:id/connections/:cid/register', async (request) =>
    integrations.deregister(request.params.id, request.params.cid),
  );
}
