import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../errors/not-found-error';
import type { NewFlow } from '../../flows/flow-service';
import type { FlowStep } from '../../store/stored-records';
import type { ApiServices } from '../api-services';
import { JSON_BODY_LIMIT } from '../http-limits';
import { createFlowBody } from '../request-schemas';
import { optionalId } from './optional-id';

type IdParams = { Params: { id: string } };
type StepBody = Omit<FlowStep, 'connectionId'> & { connectionId?: string | null };
const RUNS_LISTED = 50;

function step(body: StepBody): FlowStep {
  const connectionId = optionalId(body.connectionId);
  return { appId: body.appId, operation: body.operation, config: body.config ?? {}, ...(connectionId === undefined ? {} : { connectionId }) };
}

export function registerFlowRoutes(app: FastifyInstance, services: ApiServices): void {
  const flows = services.flows;

  app.post<{ Body: Omit<NewFlow, 'source' | 'destination'> & { source: StepBody; destination: StepBody } }>(
    '/api/flows',
    { config: { bodyKind: 'json' }, bodyLimit: JSON_BODY_LIMIT, schema: { body: createFlowBody } },
    async (request, reply) => {
      const body = request.body;
      const flow = flows.create({ integrationId: body.integrationId, name: body.name, source: step(body.source), destination: step(body.destination) });
      return reply.status(201).send(flow);
    },
  );

  app.get<{ Querystring: { integrationId?: string } }>('/api/flows', async (request) => flows.list(optionalId(request.query.integrationId)));

  app.get<IdParams>('/api/flows/:id', async (request) => flows.get(request.params.id));

  app.delete<IdParams>('/api/flows/:id', async (request, reply) => {
    flows.delete(request.params.id);
    return reply.status(204).send();
  });

  app.post<IdParams>('/api/flows/:id/run', async (request, reply) => reply.status(202).send({ runId: services.runner.start(request.params.id) }));

  app.get<IdParams>('/api/flows/:id/runs', async (request) => {
    flows.get(request.params.id);
    return services.store.runs.listOfFlow(request.params.id, RUNS_LISTED);
  });

  app.get<{ Params: { id: string; runId: string } }>('/api/flows/:id/runs/:runId', async (request) => {
    const run = services.store.runs.get(request.params.id, request.params.runId);
    if (!run) throw new NotFoundError(`Run of flow ${request.params.id}`, request.params.runId);
    return run;
  });
}
