import { randomUUID } from 'node:crypto';
import type { AppRole, Clock } from 'cartrover-connector/contracts';
import type { AppCatalog } from '../apps/app-catalog';
import { ConflictError } from '../errors/conflict-error';
import { NotFoundError } from '../errors/not-found-error';
import { ValidationError } from '../errors/validation-error';
import { VersionConflictError } from '../errors/version-conflict-error';
import type { HostStore } from '../store/host-store';
import { scheduleProblem } from '../schedules/schedule-check';
import type { FlowSchedule, FlowStep, StoredFlow } from '../store/stored-records';
import type { OperationConfigValidator } from './operation-config-validator';
import { transformProblem } from './record-transform';

export interface NewFlow {
  readonly integrationId: string;
  readonly name: string;
  readonly source: FlowStep;
  readonly destination: FlowStep;
  readonly schedule?: FlowSchedule;
  /** A JSONata expression applied to each record (see record-transform.ts). */
  readonly transform?: string;
}

/**
 * An edit replaces name, steps, schedule and transform (`null`: none; left out: kept as it is);
 * the integration stays.
 */
export interface FlowChange {
  readonly name: string;
  readonly source: FlowStep;
  readonly destination: FlowStep;
  readonly schedule?: FlowSchedule | null;
  readonly transform?: string | null;
}

/** Told when a flow is saved or deleted (the scheduler re-arms its job). */
export interface FlowListener {
  saved(flow: StoredFlow): void;
  deleted(flowId: string): void;
}

const NAME_RULE = 'must be 1..200 characters';
const NAME_SENTENCE = 'Give the flow a name of 1 to 200 characters.';

interface Problems {
  readonly errors: Record<string, string>;
  readonly messages: Record<string, string>;
}

const ROLES: readonly AppRole[] = ['source', 'destination'];

/**
 * Flows: a source step and a destination step. Everything a run will rely on is checked when the
 * flow is saved: the app plays the role, the operation exists, the config matches its schema,
 * and the connection is the app's and registered to the flow's integration.
 */
export class FlowService {
  constructor(
    private readonly store: HostStore,
    private readonly catalog: AppCatalog,
    private readonly configs: OperationConfigValidator,
    private readonly clock: Clock,
  ) {}

  #listener: FlowListener | undefined;

  /** One listener (the scheduler), set once the host has built it. */
  listen(listener: FlowListener): void {
    this.#listener = listener;
  }

  create(request: NewFlow): StoredFlow {
    const problems: Problems = { errors: {}, messages: {} };
    const integration = this.store.integrations.get(request.integrationId);
    if (!integration) this.#problem(problems, 'integrationId', `no integration has the id "${request.integrationId}"`, 'Choose an integration for the flow.');
    this.#check(problems, request, integration?.id);
    this.#throwIfAny(problems);

    const now = new Date(this.clock.now()).toISOString();
    const flow: StoredFlow = {
      id: randomUUID(),
      integrationId: request.integrationId,
      name: request.name.trim(),
      source: this.#normalStep(request.source),
      destination: this.#normalStep(request.destination),
      ...(request.schedule === undefined ? {} : { schedule: request.schedule }),
      ...(request.transform === undefined ? {} : { transform: request.transform }),
      createdAt: now,
      updatedAt: now,
    };
    this.store.transaction(() => this.store.flows.insert(flow));
    this.#listener?.saved(flow);
    return flow;
  }

  /** Renames or changes a flow, checked like a new one; not while it runs. */
  update(id: string, change: FlowChange, expectedVersion?: number): StoredFlow {
    const current = this.get(id);
    this.#checkVersion(current, expectedVersion);
    const problems: Problems = { errors: {}, messages: {} };
    this.#check(problems, change, current.integrationId);
    this.#throwIfAny(problems);
    const schedule = change.schedule === undefined ? current.schedule : change.schedule ?? undefined;
    const transform = change.transform === undefined ? current.transform : change.transform ?? undefined;
    const { schedule: _previous, transform: _previousTransform, ...rest } = current;
    const flow: StoredFlow = {
      ...rest,
      name: change.name.trim(),
      source: this.#normalStep(change.source),
      destination: this.#normalStep(change.destination),
      ...(schedule === undefined ? {} : { schedule }),
      ...(transform === undefined ? {} : { transform }),
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    this.store.transaction(() => {
      this.#checkVersion(this.get(id), expectedVersion);
      this.store.flows.update(flow);
    });
    const saved = this.get(id);
    this.#listener?.saved(saved);
    return saved;
  }

  #check(problems: Problems, request: Omit<FlowChange, 'schedule' | 'transform'> & { schedule?: FlowSchedule | null; transform?: string | null }, integrationId: string | undefined): void {
    const name = request.name.trim();
    if (name === '' || name.length > 200) this.#problem(problems, 'name', NAME_RULE, NAME_SENTENCE);
    for (const role of ROLES) this.#stepProblems(problems, role, request[role], integrationId);
    const scheduleMessage = request.schedule ? scheduleProblem(request.schedule) : undefined;
    if (scheduleMessage !== undefined) this.#problem(problems, 'schedule', scheduleMessage, scheduleMessage);
    const transformMessage = typeof request.transform === 'string' ? transformProblem(request.transform) : undefined;
    if (transformMessage !== undefined) this.#problem(problems, 'transform', transformMessage, transformMessage);
  }

  #checkVersion(flow: StoredFlow, expectedVersion: number | undefined): void {
    if (expectedVersion !== undefined && expectedVersion !== flow.version) throw new VersionConflictError('flow', expectedVersion, flow);
  }

  #problem(problems: Problems, field: string, error: string, message: string): void {
    problems.errors[field] ??= error;
    problems.messages[field] ??= message;
  }

  #throwIfAny(problems: Problems): void {
    if (Object.keys(problems.errors).length > 0) throw new ValidationError(problems.errors, undefined, problems.messages);
  }

  list(integrationId?: string): StoredFlow[] {
    return this.store.flows.list(integrationId);
  }

  get(id: string): StoredFlow {
    const flow = this.store.flows.get(id);
    if (!flow) throw new NotFoundError('Flow', id);
    return flow;
  }

  delete(id: string): void {
    this.get(id);
    if (this.store.runs.isRunning(id)) throw new ConflictError('flow_running', 'The flow is running; wait for the run to finish');
    this.store.transaction(() => this.store.flows.delete(id));
    this.#listener?.deleted(id);
  }

  #stepProblems(problems: Problems, role: AppRole, step: FlowStep, integrationId: string | undefined): void {
    const Role = role === 'source' ? 'Source' : 'Destination';
    const app = this.catalog.get(step.appId);
    if (!app) return this.#problem(problems, `${role}.appId`, `no app has the id "${step.appId}"`, `Choose the ${role}'s application.`);
    if (!app.roles.includes(role)) return this.#problem(problems, `${role}.appId`, `${app.name} cannot be a ${role}`, `${app.name} cannot be a ${role}; choose another application.`);
    const operations = app.operations.filter((operation) => operation.role === role);
    const operation = operations.find((candidate) => candidate.id === step.operation);
    if (!operation) {
      this.#problem(problems, `${role}.operation`, `"${step.operation}" is not a ${role} operation of ${app.name} (choose one of: ${operations.map((candidate) => candidate.id).join(', ') || 'none'})`, `Choose what the ${role} does (${operations.map((candidate) => candidate.name).join(', ') || 'none available'}).`);
    } else {
      const config = this.configs.problems(operation, step.config ?? {}, `${role}.config`);
      for (const field of Object.keys(config.errors)) this.#problem(problems, field, config.errors[field]!, config.messages[field] ?? `${Role} settings are not valid.`);
    }
    const field = `${role}.connectionId`;
    if (!app.contribution) {
      if (step.connectionId !== undefined) this.#problem(problems, field, `${app.name} takes no connection`, `${app.name} needs no connection; leave Connection empty.`);
      return;
    }
    if (step.connectionId === undefined) return this.#problem(problems, field, `Choose a ${app.name} connection`, `Choose a ${app.name} connection for the ${role}.`);
    const connection = this.store.connections.get(step.connectionId);
    if (!connection) this.#problem(problems, field, `no connection has the id "${step.connectionId}"`, `The chosen connection no longer exists; choose another one.`);
    else if (connection.appId !== app.id) this.#problem(problems, field, `connection "${connection.name}" is a ${connection.appId} connection, not ${app.name}`, `Connection "${connection.name}" is not a ${app.name} connection; choose another one.`);
    else if (integrationId !== undefined && !this.store.integrations.isRegistered(integrationId, connection.id)) {
      this.#problem(problems, field, `connection "${connection.name}" is not registered to the flow's integration; register it first`, `Connection "${connection.name}" is not registered to this flow's integration; register it there first.`);
    }
  }

  #normalStep(step: FlowStep): FlowStep {
    return {
      appId: step.appId,
      ...(step.connectionId === undefined ? {} : { connectionId: step.connectionId }),
      operation: step.operation,
      config: step.config ?? {},
    };
  }
}
