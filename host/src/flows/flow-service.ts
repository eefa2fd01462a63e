import { randomUUID } from 'node:crypto';
import type { AppRole, Clock } from 'cartrover-connector/contracts';
import type { AppCatalog } from '../apps/app-catalog';
import { ConflictError } from '../errors/conflict-error';
import { NotFoundError } from '../errors/not-found-error';
import { ValidationError } from '../errors/validation-error';
import type { HostStore } from '../store/host-store';
import type { FlowStep, StoredFlow } from '../store/stored-records';
import type { OperationConfigValidator } from './operation-config-validator';

export interface NewFlow {
  readonly integrationId: string;
  readonly name: string;
  readonly source: FlowStep;
  readonly destination: FlowStep;
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

  create(request: NewFlow): StoredFlow {
    const errors: Record<string, string> = {};
    const integration = this.store.integrations.get(request.integrationId);
    if (!integration) errors.integrationId = `no integration has the id "${request.integrationId}"`;
    const name = request.name.trim();
    if (name === '' || name.length > 200) errors.name = 'A name of 1..200 characters is required';
    for (const role of ROLES) Object.assign(errors, this.#stepErrors(role, request[role], integration?.id));
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);

    const now = new Date(this.clock.now()).toISOString();
    const flow: StoredFlow = {
      id: randomUUID(),
      integrationId: request.integrationId,
      name,
      source: this.#normalStep(request.source),
      destination: this.#normalStep(request.destination),
      createdAt: now,
      updatedAt: now,
    };
    this.store.transaction(() => this.store.flows.insert(flow));
    return flow;
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
  }

  #stepErrors(role: AppRole, step: FlowStep, integrationId: string | undefined): Record<string, string> {
    const app = this.catalog.get(step.appId);
    if (!app) return { [`${role}.appId`]: `no app has the id "${step.appId}"` };
    if (!app.roles.includes(role)) return { [`${role}.appId`]: `${app.name} cannot be a ${role}` };
    const errors: Record<string, string> = {};
    const operations = app.operations.filter((operation) => operation.role === role);
    const operation = operations.find((candidate) => candidate.id === step.operation);
    if (!operation) {
      errors[`${role}.operation`] = `"${step.operation}" is not a ${role} operation of ${app.name} (choose one of: ${operations.map((candidate) => candidate.id).join(', ') || 'none'})`;
    } else {
      Object.assign(errors, this.configs.errors(operation, step.config ?? {}, `${role}.config`));
    }
    const field = `${role}.connectionId`;
    if (!app.contribution) {
      if (step.connectionId !== undefined) errors[field] = `${app.name} takes no connection`;
      return errors;
    }
    if (step.connectionId === undefined) {
      errors[field] = `Choose a ${app.name} connection`;
      return errors;
    }
    const connection = this.store.connections.get(step.connectionId);
    if (!connection) errors[field] = `no connection has the id "${step.connectionId}"`;
    else if (connection.appId !== app.id) errors[field] = `connection "${connection.name}" is a ${connection.appId} connection, not ${app.name}`;
    else if (integrationId !== undefined && !this.store.integrations.isRegistered(integrationId, connection.id)) {
      errors[field] = `connection "${connection.name}" is not registered to the flow's integration; register it first`;
    }
    return errors;
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
