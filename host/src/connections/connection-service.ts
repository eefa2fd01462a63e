import { randomUUID } from 'node:crypto';
import { BORROW_CONCURRENCY_FIELD, CONNECTION_NAME_FIELD } from 'cartrover-connector/contracts';
import type { Clock, ConnectionValues, FormContext, Logger, RenderedForm, TestResult } from 'cartrover-connector/contracts';
import type { AppCatalog } from '../apps/app-catalog';
import type { ConnectableApp } from '../apps/catalog-app';
import { ConflictError } from '../errors/conflict-error';
import { NotFoundError } from '../errors/not-found-error';
import { ValidationError } from '../errors/validation-error';
import { VersionConflictError } from '../errors/version-conflict-error';
import type { HostStore } from '../store/host-store';
import { NameTakenError } from '../store/name-taken-error';
import type { StoredConnection, StoredTestResult } from '../store/stored-records';
import { toSummary } from './connection-summary';
import { connectionView } from './connection-view';
import type { ConnectionView } from './connection-view';
import { guardedTest } from './guarded-test';
import { isTransientFailure, offlineAfterTest } from './offline-after-test';
import { PerKeyQueue } from './per-key-queue';
import { poolDependencies } from './plugin-lender-chain';
import { PoolSyncError } from './pool-sync-error';
import { PoolSyncHealth } from './pool-sync-health';
import type { SecretCipherSource } from './secret-cipher-source';
import { planSecrets } from './secret-plan';
import type { SecretPlan } from './secret-plan';
import type { StoredConnectionDirectory } from './stored-connection-directory';
import { valuesOverStored } from './values-over-stored';
import { withoutTypedSecrets } from './without-typed-secrets';

export interface SaveRequest {
  readonly values: ConnectionValues;
  readonly saveOnFailedTest?: boolean;
  /** The version the caller edited (If-Match or `version`): a stale one is refused with 412. */
  readonly expectedVersion?: number;
}

/** How often an edit without a version is re-validated over a newer state before giving up (412). */
const STALE_RETRIES = 3;

export interface SaveOutcome {
  readonly connection: ConnectionView;
  readonly test: TestResult;
}

/**
 * Connections as integrator.io handles them: validate with the
 * app's form, test with its test handler, save only a passing connection unless the user
 * confirmed, secrets encrypted with the connection id as context, and the app's lifecycle kept
 * in step after every change.
 */
export class ConnectionService {
  readonly #edits = new PerKeyQueue();
  /** Apps whose last lifecycle sync failed, for /api/pools. */
  readonly poolHealth = new PoolSyncHealth();

  constructor(
    private readonly store: HostStore,
    private readonly catalog: AppCatalog,
    private readonly directory: StoredConnectionDirectory,
    private readonly cipher: SecretCipherSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  list(): ConnectionView[] {
    return this.store.connections.list().map((stored) => this.#view(stored));
  }

  get(id: string): ConnectionView {
    return this.#view(this.#stored(id));
  }

  renderForm(appId: string, values: ConnectionValues, connectionId?: string): RenderedForm {
    const app = this.#appOrNotFound(appId);
    const stored = connectionId === undefined ? undefined : this.#storedOfApp(connectionId, app);
    const form = app.contribution.connectionForm;
    const merged = valuesOverStored(stored, values, form.secretFields);
    return withoutTypedSecrets(form.render(merged, this.#context(connectionId)), form.secretFields);
  }

  /** "Test" in the dialog: nothing is saved, whatever the outcome. */
  async testValues(appId: string, values: ConnectionValues, connectionId?: string): Promise<TestResult> {
    const app = this.#appInBody(appId);
    const stored = connectionId === undefined ? undefined : this.#storedOfApp(connectionId, app, 'connectionId');
    const form = app.contribution.connectionForm;
    const validation = form.validate(valuesOverStored(stored, values, form.secretFields), this.#context(connectionId));
    if (!validation.ok) {
      return { ok: false, kind: 'config', message: 'Fix the highlighted fields, then test again', latencyMs: 0, errors: validation.errors };
    }
    return this.#test(app, connectionId, planSecrets(validation.values, stored, form.secretFields));
  }

  async create(appId: string, request: SaveRequest & { integrationId?: string }): Promise<SaveOutcome> {
    const app = this.#appInBody(appId);
    if (request.integrationId !== undefined && !this.store.integrations.get(request.integrationId)) {
      throw new ValidationError({ integrationId: `no integration has the id "${request.integrationId}"` }, undefined, { integrationId: 'The integration chosen no longer exists: reload the page and choose another one.' });
    }
    const plan = this.#validate(app, valuesOverStored(undefined, request.values, app.contribution.connectionForm.secretFields), undefined);
    const test = await this.#test(app, undefined, plan);
    this.#refuseFailedTest(test, request.saveOnFailedTest);
    const id = randomUUID();
    const now = this.#now();
    const record = this.#record(id, app, plan, test, now, now, 1, false);
    this.#saveNameChecked(() =>
      this.store.transaction(() => {
        this.#checkLenderInTransaction(app, record);
        this.store.connections.insert(record);
        if (request.integrationId !== undefined) {
          const summaries = this.store.connections.list().map(toSummary);
          this.store.integrations.register(request.integrationId, poolDependencies(this.catalog, toSummary(record), summaries), now);
        }
      }),
    );
    this.logger.info('connection created', { connectionId: id, appId, offline: record.offline, integrationId: request.integrationId });
    await this.syncApp(app.id);
    return { connection: this.#view(record), test };
  }

  /**
   * Edits of one connection run one at a time (in this process) and each writes with compare and
   * set on the version it read: a stale `expectedVersion` is a 412 with the current state; an edit
   * without one is validated and tested again over the newer state (another process wrote it).
   */
  async update(id: string, request: SaveRequest): Promise<SaveOutcome> {
    return this.#edits.run(id, async () => {
      for (let attempt = 0; ; attempt += 1) {
        const outcome = await this.#updateOnce(id, request);
        if (outcome !== 'stale') return outcome;
        if (request.expectedVersion !== undefined || attempt >= STALE_RETRIES) throw new VersionConflictError('connection', request.expectedVersion, this.get(id));
      }
    });
  }

  async #updateOnce(id: string, request: SaveRequest): Promise<SaveOutcome | 'stale'> {
    const stored = this.#stored(id);
    if (request.expectedVersion !== undefined && request.expectedVersion !== stored.version) {
      throw new VersionConflictError('connection', request.expectedVersion, this.#view(stored));
    }
    const app = this.#appOf(stored);
    const plan = this.#validate(app, valuesOverStored(stored, request.values, app.contribution.connectionForm.secretFields), stored);
    const test = await this.#test(app, id, plan);
    // A busy or throttled connection cannot be tested now, yet it is in use with the secrets it
    // keeps: an edit that enters no new secret (a resize or re-bind during a run) is saved, and
    // the connection keeps its offline state. A new secret still needs a test that passes.
    const untestedButInUse = isTransientFailure(test) && Object.keys(plan.entered).length === 0;
    if (!untestedButInUse) this.#refuseFailedTest(test, request.saveOnFailedTest);
    const record = this.#record(id, app, plan, test, stored.createdAt, this.#now(), stored.version + 1, stored.offline);
    const saved = this.#saveNameChecked(() =>
      this.store.transaction(() => {
        const current = this.store.connections.get(id);
        if (!current) throw new NotFoundError('Connection', id);
        if (current.version !== stored.version) return false;
        this.#checkLenderInTransaction(app, record);
        return this.store.connections.update(record);
      }),
    );
    if (!saved) return 'stale';
    this.logger.info('connection updated', { connectionId: id, appId: app.id, offline: record.offline, version: record.version });
    await this.syncApp(app.id);
    return { connection: this.#view(record), test };
  }

  /** Tests a stored connection as it is, and records the outcome (offline when it fails). */
  async testStored(id: string): Promise<TestResult> {
    const stored = this.#stored(id);
    const app = this.#appOf(stored);
    const plan = planSecrets(stored.values, stored, app.contribution.connectionForm.secretFields);
    const test = await this.#test(app, id, plan, false);
    const offline = offlineAfterTest(test, this.store.connections.get(id)?.offline ?? stored.offline);
    if (!this.store.connections.recordTest(id, this.#stamped(test), this.#now(), offline)) throw new NotFoundError('Connection', id);
    this.logger.info('connection tested', { connectionId: id, ok: test.ok, kind: test.kind });
    await this.syncApp(app.id);
    return test;
  }

  /** Deletes unless lent or used; the checks run in the delete's transaction, over current rows. */
  async delete(id: string, expectedVersion?: number): Promise<void> {
    const stored = this.#stored(id);
    const app = this.catalog.connectableApp(stored.appId);
    try {
      this.store.transaction(() => {
        const current = this.store.connections.get(id);
        if (!current) throw new NotFoundError('Connection', id);
        if (expectedVersion !== undefined && expectedVersion !== current.version) throw new VersionConflictError('connection', expectedVersion, this.#view(current));
        const summaries = this.store.connections.list().map(toSummary);
        const blocker = app?.contribution.lifecycle.deletionBlocker(id, summaries.filter((summary) => summary.appId === stored.appId));
        if (blocker !== undefined) throw new ConflictError('connection_lent', blocker);
        this.#refuseIfUsedByFlows(stored);
        this.store.connections.delete(id);
      });
    } catch (error) {
      // A flow created between the check and the delete: the foreign key still says no.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') this.#refuseIfUsedByFlows(stored);
      throw error;
    }
    this.logger.info('connection deleted', { connectionId: id, appId: stored.appId });
    await this.syncApp(stored.appId);
  }

  /** Hands the app every stored connection of its own, so pools match the store. */
  /** A failure is the caller's error ({@link PoolSyncError}) and marks the app's pools degraded until a sync succeeds. */
  async syncApp(appId: string): Promise<void> {
    const app = this.catalog.connectableApp(appId);
    if (!app) return;
    try {
      await app.contribution.lifecycle.sync(this.store.connections.list(appId).map(toSummary));
    } catch (error) {
      const reason = (error as Error).message;
      this.poolHealth.failed(appId, reason);
      this.logger.error('connection lifecycle sync failed', { appId, error: reason });
      throw new PoolSyncError(appId, reason);
    }
    this.poolHealth.succeeded(appId);
  }

  /** At start-up: every app is tried; one that fails stays degraded (logged) and the host still starts. */
  async syncAll(): Promise<void> {
    for (const app of this.catalog.connectable()) {
      await this.syncApp(app.id).catch((error: unknown) => {
        if (!(error instanceof PoolSyncError)) throw error;
      });
    }
  }

  #validate(app: ConnectableApp, values: ConnectionValues, stored: StoredConnection | undefined): SecretPlan {
    const validation = app.contribution.connectionForm.validate(values, this.#context(stored?.id));
    if (!validation.ok) throw new ValidationError(validation.errors);
    const name = validation.values[CONNECTION_NAME_FIELD];
    if (typeof name !== 'string' || name.trim() === '') throw new ValidationError({ [CONNECTION_NAME_FIELD]: 'Enter a name for this connection' });
    return planSecrets(validation.values, stored, app.contribution.connectionForm.secretFields);
  }

  /**
   * The plugin's lender rule (`ConnectionLifecycle.checkLender`, its one owner), asked once, inside
   * the write transaction over current rows, so concurrent edits cannot build a cycle together.
   * The host has no rule of its own: an app without one refuses nothing.
   */
  #checkLenderInTransaction(app: ConnectableApp, record: StoredConnection): void {
    const summary = toSummary(record);
    const lenderId = summary.borrowConcurrencyFrom;
    if (lenderId === null || lenderId === undefined) return;
    const sameApp = [...this.store.connections.list(app.id).filter((connection) => connection.id !== record.id).map(toSummary), summary];
    const problem = app.contribution.lifecycle.checkLender?.(record.id, lenderId, sameApp);
    if (problem !== undefined) throw new ValidationError({ [BORROW_CONCURRENCY_FIELD]: problem });
  }

  /**
   * The key's one resolution (src/connection/README.md): kept secrets decrypted here and handed to
   * the plugin in clear, with `validated` when the form just checked these values (the handler
   * then does not check them again).
   */
  async #test(app: ConnectableApp, connectionId: string | undefined, plan: SecretPlan, validated = true): Promise<TestResult> {
    const secrets: Record<string, string> = { ...plan.entered };
    for (const [field, ciphertext] of Object.entries(plan.kept)) {
      secrets[field] = this.directory.decrypt(connectionId ?? '', field, ciphertext);
    }
    const request = { ...(connectionId === undefined ? {} : { connectionId }), values: { ...plan.publicValues, ...secrets }, validated };
    return guardedTest(app.contribution.testHandler, request, Object.values(secrets), () => this.clock.now());
  }

  #refuseFailedTest(test: TestResult, saveOnFailedTest: boolean | undefined): void {
    if (!test.ok && saveOnFailedTest !== true) {
      throw new ConflictError('test_failed', `The connection test failed: ${test.message}. Nothing was saved; save again with saveOnFailedTest to keep it offline.`, { test });
    }
  }

  #record(id: string, app: ConnectableApp, plan: SecretPlan, test: TestResult, createdAt: string, updatedAt: string, version: number, previouslyOffline: boolean): StoredConnection {
    const cipher = this.cipher();
    const encrypted = Object.fromEntries(Object.entries(plan.entered).map(([field, plaintext]) => [field, cipher.encrypt(plaintext, id)]));
    return {
      id,
      appId: app.id,
      name: String(plan.publicValues[CONNECTION_NAME_FIELD]).trim(),
      values: plan.publicValues,
      secrets: { ...plan.kept, ...encrypted },
      offline: offlineAfterTest(test, previouslyOffline),
      lastTest: this.#stamped(test),
      version,
      createdAt,
      updatedAt,
    };
  }

  #saveNameChecked<T>(save: () => T): T {
    try {
      return save();
    } catch (error) {
      if (error instanceof NameTakenError) throw new ValidationError({ [CONNECTION_NAME_FIELD]: `${error.message}: choose another name` });
      throw error;
    }
  }

  #refuseIfUsedByFlows(stored: StoredConnection): void {
    const flows = this.store.flows.usingConnection(stored.id);
    if (flows.length > 0) {
      throw new ConflictError(
        'connection_in_use',
        `Connection "${stored.name}" is used by ${flows.map((flow) => `flow "${flow.name}" (${flow.id})`).join(', ')}; change or delete the flow first`,
        { flows },
      );
    }
  }

  #context(connectionId: string | undefined): FormContext {
    const connections = this.store.connections.list().map(toSummary);
    return connectionId === undefined ? { connections } : { connectionId, connections };
  }

  #stored(id: string): StoredConnection {
    const stored = this.store.connections.get(id);
    if (!stored) throw new NotFoundError('Connection', id);
    return stored;
  }

  #storedOfApp(id: string, app: ConnectableApp, field?: string): StoredConnection {
    const stored = this.store.connections.get(id);
    const problem = !stored ? `no connection has the id "${id}"` : stored.appId !== app.id ? `connection "${stored.name}" belongs to app "${stored.appId}", not "${app.id}"` : undefined;
    if (problem === undefined) return stored!;
    throw new ValidationError({ [field ?? 'connectionId']: problem }, undefined, { [field ?? 'connectionId']: 'The connection being edited no longer exists or belongs to another application: reload the page.' });
  }

  #appOf(stored: StoredConnection): ConnectableApp {
    const app = this.catalog.connectableApp(stored.appId);
    if (!app) throw new ConflictError('app_not_loaded', `The app "${stored.appId}" of connection "${stored.name}" is not loaded in this host`);
    return app;
  }

  #appOrNotFound(appId: string): ConnectableApp {
    const app = this.catalog.connectableApp(appId);
    if (!app) throw new NotFoundError(this.catalog.get(appId) ? 'Connection form of app' : 'App', appId);
    return app;
  }

  #appInBody(appId: string): ConnectableApp {
    const app = this.catalog.connectableApp(appId);
    if (app) return app;
    throw new ValidationError({ appId: this.catalog.get(appId) ? `the app "${appId}" has no connections` : `no app has the id "${appId}"` }, undefined, { appId: 'Choose an application that takes connections.' });
  }

  #view(stored: StoredConnection): ConnectionView {
    return connectionView(stored, this.catalog.connectableApp(stored.appId)?.contribution.connectionForm ?? { schema: {}, secretFields: [] });
  }

  #stamped(test: TestResult): StoredTestResult {
    return { ...test, testedAt: this.#now() };
  }

  #now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
