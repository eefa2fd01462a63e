import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../errors/not-found-error';
import { flowView } from '../../flows/flow-view';
import type { FlowChange, NewFlow } from '../../flows/flow-service';
import type { FlowSchedule, FlowStep, StoredFlow } from '../../store/stored-records';
import type { ApiServices } from '../api-services';
import { VersionConflictError } from '../../errors/version-conflict-error';
import { etagOf, expectedVersion } from '../expected-version';
import { JSON_BODY_LIMIT } from '../http-limits';
import { createFlowBody, flowListQuery, runsQuery, transformPreviewBody, updateFlowBody } from '../request-schemas';
import { compileTransform, transformProblem } from '../../flows/record-transform';
import { ValidationError } from '../../errors/validation-error';
import { optionalId } from './optional-id';

type IdParams = { Params: { id: string } };
type StepBody = Omit<FlowStep, 'connectionId'> & { connectionId?: string | null };
type FlowBody = { name: string; source: StepBody; destination: StepBody; schedule?: FlowSchedule | null; transform?: string | null };
const RUNS_PER_PAGE = 20;
const MAX_RUNS_PER_PAGE = 100;

function step(body: StepBody): FlowStep {
  const connectionId = optionalId(body.connectionId);
  return { appId: body.appId, operation: body.operation, config: body.config ?? {}, ...(connectionId === undefined ? {} : { connectionId }) };
}

export function registerFlowRoutes(app: FastifyInstance, services: ApiServices): void {
  const flows = services.flows;
  const view = (flow: StoredFlow) => flowView(flow, services.store, (flowId) => services.scheduler.nextRunAt(flowId));

  app.post<{ Body: Omit<NewFlow, 'source' | 'destination' | 'schedule'> & FlowBody }>(
    '/flows',
    { config: { bodyKind: 'json' }, bodyLimit: JSON_BODY_LIMIT, schema: { body: createFlowBody } },
    async (request, reply) => {
      const body = request.body;
      const flow = flows.create({
        integrationId: body.integrationId,
        name: body.name,
        source: step(body.source),
        destination: step(body.destination),
        ...(body.schedule ? { schedule: body.schedule } : {}),
        ...(typeof body.transform === 'string' ? { transform: body.transform } : {}),
      });
      // As stored (with its version), not as built.
      return reply.status(201).send(view(flows.get(flow.id)));
    },
  );

  // The flow editor's preview: what the transform makes of a sample record (nothing is saved).
  app.post<{ Body: { transform: string; record: Record<string, unknown> } }>(
    '/flows/transform-preview',
    { config: { bodyKind: 'json' }, bodyLimit: JSON_BODY_LIMIT, schema: { body: transformPreviewBody } },
    async (request) => {
      const problem = transformProblem(request.body.transform);
      if (problem !== undefined) throw new ValidationError({ transform: problem }, problem, { transform: problem });
      const outcome = await compileTransform(request.body.transform).apply(request.body.record);
      if (outcome.kind === 'record') return { outcome: 'record', record: outcome.record };
      if (outcome.kind === 'dropped') return { outcome: 'dropped', message: 'The transform gives nothing for this record: a run leaves it out and counts it as skipped.' };
      return { outcome: 'failed', message: outcome.message };
    },
  );

  app.get<{ Querystring: { integrationId?: string } }>('/flows', { schema: { querystring: flowListQuery } }, async (request) => flows.list(optionalId(request.query.integrationId)).map(view));

  app.get<IdParams>('/flows/:id', async (request, reply) => {
    const flow = flows.get(request.params.id);
    return reply.header('etag', etagOf(flow.version)).send(view(flow));
  });

  app.put<IdParams & { Body: FlowBody & { version?: number } }>(
    '/flows/:id',
    { config: { bodyKind: 'json' }, bodyLimit: JSON_BODY_LIMIT, schema: { body: updateFlowBody } },
    async (request, reply) => {
      const body = request.body;
      const change: FlowChange = {
        name: body.name,
        source: step(body.source),
        destination: step(body.destination),
        ...(body.schedule === undefined ? {} : { schedule: body.schedule }),
        ...(body.transform === undefined ? {} : { transform: body.transform }),
      };
      const flow = flows.update(request.params.id, change, expectedVersion(request.headers['if-match'], body.version));
      return reply.header('etag', etagOf(flow.version)).send(view(flow));
    },
  );

  app.delete<IdParams>('/flows/:id', async (request, reply) => {
    const expected = expectedVersion(request.headers['if-match'], undefined);
    const current = flows.get(request.params.id);
    if (expected !== undefined && expected !== (current.version ?? 1)) throw new VersionConflictError('flow', expected, current);
    flows.delete(request.params.id);
    return reply.status(204).send();
  });

  app.post<IdParams>('/flows/:id/run', async (request, reply) => reply.status(202).send({ runId: services.runner.start(request.params.id) }));

  // A Stop: no further record is read; those in flight finish and are counted; the run ends `canceled`.
  app.post<{ Params: { id: string; runId: string } }>('/flows/:id/runs/:runId/cancel', async (request, reply) =>
    reply.status(202).send(services.runner.cancel(request.params.id, request.params.runId)),
  );

  // Newest first; `?limit=&offset=` page through them, `X-Total-Count` says how many there are.
  app.get<IdParams & { Querystring: { limit?: string; offset?: string } }>('/flows/:id/runs', { schema: { querystring: runsQuery } }, async (request, reply) => {
    flows.get(request.params.id);
    const limit = Math.min(MAX_RUNS_PER_PAGE, Number(request.query.limit ?? RUNS_PER_PAGE));
    const offset = Number(request.query.offset ?? 0);
    void reply.header('x-total-count', String(services.store.runs.countOfFlow(request.params.id)));
    return services.store.runs.listOfFlow(request.params.id, limit, offset);
  });

  app.get<{ Params: { id: string; runId: string } }>('/flows/:id/runs/:runId', async (request) => {
    const run = services.store.runs.get(request.params.id, request.params.runId);
    if (!run) throw new NotFoundError(`Run of flow ${request.params.id}`, request.params.runId);
    return run;
  });
}
