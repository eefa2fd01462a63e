import { randomUUID } from 'node:crypto';
import type { Clock } from 'cartrover-connector/contracts';
import type { AppCatalog } from '../apps/app-catalog';
import { toSummary } from '../connections/connection-summary';
import { poolDependencies } from '../connections/plugin-lender-chain';
import { ConflictError } from '../errors/conflict-error';
import { NotFoundError } from '../errors/not-found-error';
import { ValidationError } from '../errors/validation-error';
import { VersionConflictError } from '../errors/version-conflict-error';
import type { HostStore } from '../store/host-store';
import type { StoredIntegration } from '../store/stored-records';

/** The REST shape of an integration: the stored record as it is (it holds no secret). */
export type IntegrationView = StoredIntegration;

/**
 * Integrations group flows and the connections they may use (integrator.io's
 * `_registeredConnectionIds`). Registering a borrowing connection registers its lenders too:
 * its requests run in the lender's pool, so the integration depends on the lender as well (the
 * plugin says which lenders: {@link poolDependencies}).
 */
export class IntegrationService {
  constructor(
    private readonly store: HostStore,
    private readonly catalog: AppCatalog,
    private readonly clock: Clock,
  ) {}

  create(name: string): IntegrationView {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed.length > 200) throw new ValidationError({ name: 'must be 1..200 characters' }, undefined, { name: 'Give the integration a name of 1 to 200 characters.' });
    const id = randomUUID();
    this.store.integrations.insert({ id, name: trimmed, createdAt: this.#now() });
    return this.get(id);
  }

  /** Renames the integration (names need not be unique, as in integrator.io). */
  rename(id: string, name: string, expectedVersion?: number): StoredIntegration {
    this.#checkVersion(this.get(id), expectedVersion);
    const trimmed = name.trim();
    if (trimmed === '' || trimmed.length > 200) throw new ValidationError({ name: 'must be 1..200 characters' }, undefined, { name: 'Give the integration a name of 1 to 200 characters.' });
    this.store.transaction(() => {
      this.#checkVersion(this.get(id), expectedVersion);
      this.store.integrations.rename(id, trimmed, this.#now());
    });
    return this.get(id);
  }

  /** Deletes the integration and its registrations; refused (409) while flows belong to it. */
  delete(id: string, expectedVersion?: number): void {
    const integration = this.get(id);
    this.#checkVersion(integration, expectedVersion);
    const flows = this.store.flows.list(id).map((flow) => ({ id: flow.id, name: flow.name }));
    if (flows.length > 0) {
      throw new ConflictError('integration_has_flows', `Integration "${integration.name}" still has ${flows.map((flow) => `flow "${flow.name}"`).join(', ')}; delete ${flows.length === 1 ? 'that flow' : 'those flows'} first`, { flows });
    }
    this.store.transaction(() => this.store.integrations.delete(id));
  }

  list(): IntegrationView[] {
    return this.store.integrations.list();
  }

  get(id: string): StoredIntegration {
    const integration = this.store.integrations.get(id);
    if (!integration) throw new NotFoundError('Integration', id);
    return integration;
  }

  register(integrationId: string, connectionIds: readonly string[], expectedVersion?: number): IntegrationView {
    this.#checkVersion(this.get(integrationId), expectedVersion);
    const summaries = this.store.connections.list().map(toSummary);
    const known = new Set(summaries.map((summary) => summary.id));
    const unknown = connectionIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new ValidationError(Object.fromEntries(unknown.map((id) => [id, 'no connection has this id'])), `Unknown connection ids: ${unknown.join(', ')}`);
    }
    const byId = new Map(summaries.map((summary) => [summary.id, summary]));
    const withLenders = [...new Set(connectionIds.flatMap((id) => poolDependencies(this.catalog, byId.get(id)!, summaries)))];
    this.store.transaction(() => {
      this.#checkVersion(this.get(integrationId), expectedVersion);
      this.store.integrations.register(integrationId, withLenders, this.#now());
    });
    return this.get(integrationId);
  }

  deregister(integrationId: string, connectionId: string, expectedVersion?: number): IntegrationView {
    const integration = this.get(integrationId);
    this.#checkVersion(integration, expectedVersion);
    const connection = this.store.connections.get(connectionId);
    if (!connection) throw new NotFoundError('Connection', connectionId);
    if (!integration.connectionIds.includes(connectionId)) {
      throw new NotFoundError(`Registration of connection "${connection.name}" in integration`, integrationId);
    }
    const flows = this.store.flows.usingConnection(connectionId, integrationId);
    if (flows.length > 0) {
      throw new ConflictError('connection_in_use', `Connection "${connection.name}" is used by ${flows.map((flow) => `flow "${flow.name}"`).join(', ')} of this integration`, { flows });
    }
    const summaries = this.store.connections.list().map(toSummary);
    const borrowers = summaries.filter((summary) => summary.id !== connectionId && integration.connectionIds.includes(summary.id) && poolDependencies(this.catalog, summary, summaries).includes(connectionId));
    if (borrowers.length > 0) {
      throw new ConflictError('connection_lent', `Connection "${connection.name}" lends its concurrency to ${borrowers.map((borrower) => `"${borrower.name}"`).join(', ')}, registered to this integration; deregister those first`);
    }
    this.store.transaction(() => {
      this.#checkVersion(this.get(integrationId), expectedVersion);
      this.store.integrations.deregister(integrationId, connectionId, this.#now());
    });
    return this.get(integrationId);
  }

  #checkVersion(integration: StoredIntegration, expectedVersion: number | undefined): void {
    if (expectedVersion !== undefined && expectedVersion !== integration.version) throw new VersionConflictError('integration', expectedVersion, integration);
  }

  #now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
