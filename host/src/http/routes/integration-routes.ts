import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../api-services';
import { etagOf, expectedVersion } from '../expected-version';
import { JSON_BODY_LIMIT } from '../http-limits';
import { createIntegrationBody, registerConnectionsBody, renameIntegrationBody } from '../request-schemas';

type IdParams = { Params: { id: string } };
const json = { config: { bodyKind: 'json' as const }, bodyLimit: JSON_BODY_LIMIT };

export function registerIntegrationRoutes(app: FastifyInstance, services: ApiServices): void {
  const integrations = services.integrations;

  app.post<{ Body: { name: string } }>('/integrations', { ...json, schema: { body: createIntegrationBody } }, async (request, reply) =>
    reply.status(201).send(integrations.create(request.body.name)),
  );

  app.get('/integrations', async () => integrations.list());

  app.get<IdParams>('/integrations/:id', async (request, reply) => {
    const integration = integrations.get(request.params.id);
    return reply.header('etag', etagOf(integration.version)).send(integration);
  });

  app.put<IdParams & { Body: { name: string; version?: number } }>('/integrations/:id', { ...json, schema: { body: renameIntegrationBody } }, async (request, reply) => {
    const integration = integrations.rename(request.params.id, request.body.name, expectedVersion(request.headers['if-match'], request.body.version));
    return reply.header('etag', etagOf(integration.version)).send(integration);
  });

  app.delete<IdParams>('/integrations/:id', async (request, reply) => {
    integrations.delete(request.params.id, expectedVersion(request.headers['if-match'], undefined));
    return reply.status(204).send();
  });

  app.put<IdParams & { Body: string[] }>(
    '/integrations/:id/connections/register',
    { ...json, schema: { body: registerConnectionsBody } },
    async (request) => integrations.register(request.params.id, request.body, expectedVersion(request.headers['if-match'], undefined)),
  );

  app.delete<{ Params: { id: string; cid: string } }>('/integrations/:id/connections/:cid/register', async (request) =>
    integrations.deregister(request.params.id, request.params.cid, expectedVersion(request.headers['if-match'], undefined)),
  );
}
