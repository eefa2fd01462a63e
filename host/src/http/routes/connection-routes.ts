import type { FastifyInstance } from 'fastify';
import type { ConnectionValues } from 'cartrover-connector/contracts';
import type { ApiServices } from '../api-services';
import { JSON_BODY_LIMIT } from '../http-limits';
import { etagOf, expectedVersion } from '../expected-version';
import { createConnectionBody, testConnectionBody, updateConnectionBody } from '../request-schemas';
import { optionalId } from './optional-id';

type IdParams = { Params: { id: string } };
const json = { config: { bodyKind: 'json' as const }, bodyLimit: JSON_BODY_LIMIT };

export function registerConnectionRoutes(app: FastifyInstance, services: ApiServices): void {
  const connections = services.connections;

  app.post<{ Body: { appId: string; values: ConnectionValues; connectionId?: string | null } }>(
    '/connections/test',
    { ...json, schema: { body: testConnectionBody } },
    async (request) => connections.testValues(request.body.appId, request.body.values, optionalId(request.body.connectionId)),
  );

  app.post<{ Body: { appId: string; values: ConnectionValues; integrationId?: string | null; saveOnFailedTest?: boolean } }>(
    '/connections',
    { ...json, schema: { body: createConnectionBody } },
    async (request, reply) => {
      const { appId, values, saveOnFailedTest } = request.body;
      const integrationId = optionalId(request.body.integrationId);
      const outcome = await connections.create(appId, { values, ...(integrationId === undefined ? {} : { integrationId }), ...(saveOnFailedTest === undefined ? {} : { saveOnFailedTest }) });
      return reply.status(201).send(outcome);
    },
  );

  app.get('/connections', async () => connections.list());

  app.get<IdParams>('/connections/:id', async (request, reply) => {
    const connection = connections.get(request.params.id);
    return reply.header('etag', etagOf(connection.version)).send(connection);
  });

  app.put<IdParams & { Body: { values: ConnectionValues; saveOnFailedTest?: boolean; version?: number } }>(
    '/connections/:id',
    { ...json, schema: { body: updateConnectionBody } },
    async (request, reply) => {
      const { values, saveOnFailedTest, version } = request.body;
      const expected = expectedVersion(request.headers['if-match'], version);
      const outcome = await connections.update(request.params.id, { values, ...(saveOnFailedTest === undefined ? {} : { saveOnFailedTest }), ...(expected === undefined ? {} : { expectedVersion: expected }) });
      return reply.header('etag', etagOf(outcome.connection.version)).send(outcome);
    },
  );

  app.post<IdParams>('/connections/:id/test', async (request) => connections.testStored(request.params.id));

  app.delete<IdParams>('/connections/:id', async (request, reply) => {
    await connections.delete(request.params.id, expectedVersion(request.headers['if-match'], undefined));
    return reply.status(204).send();
  });
}
