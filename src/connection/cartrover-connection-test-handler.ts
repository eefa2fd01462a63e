import { inject, injectable, optional } from 'inversify';
import type {
  Clock,
  ConnectionDirectory,
  ConnectionFormContribution,
  ConnectionSummary,
  ConnectionTestHandler,
  Logger,
  TestRequest,
  TestResult,
} from '../contracts';
import { TOKENS } from '../contracts';
import { API_KEY_FIELD } from './cartrover-connection-fields';
import type { ConnectionClientFactory } from './connection-client-factory';
import { CONNECTION_TOKENS } from './connection-tokens';
import { testFailureResult } from './test-failure-result';

/** A test is a person waiting on a button: a short request timeout… */
export const TEST_TIMEOUT_MS = 10_000;
/** …and a short wait for a permit, answering `busy` rather than queueing behind a running flow. */
export const TEST_ACQUIRE_TIMEOUT_MS = 1_500;

/** Optional override (bound to `CONNECTION_TOKENS.TestTimeouts`), e.g. for tests or a slow link. */
export interface TestTimeouts {
  readonly requestMs: number;
  readonly acquireMs: number;
}

/**
 * "Test connection" for CartRover: validate with the form (config errors before any network call),
 * then ping CartRover (`GET /v1/merchant/inventory?limit=1`) inside the connection's pool, and
 * report one kind and a specific message. Nothing is saved. The key arrives resolved (in clear, the
 * host's one resolution) and never appears in the result or the log: messages are built from safe
 * fields, and server text is redacted where errors are made (src/connection/README.md).
 */
@injectable()
export class CartRoverConnectionTestHandler implements ConnectionTestHandler {
  constructor(
    @inject(CONNECTION_TOKENS.ConnectionForm) private readonly form: ConnectionFormContribution,
    @inject(CONNECTION_TOKENS.ClientFactory) private readonly clients: ConnectionClientFactory,
    @inject(TOKENS.ConnectionDirectory) private readonly directory: ConnectionDirectory,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Logger) @optional() private readonly logger?: Logger,
    @inject(CONNECTION_TOKENS.TestTimeouts) @optional()
    private readonly timeouts: TestTimeouts = { requestMs: TEST_TIMEOUT_MS, acquireMs: TEST_ACQUIRE_TIMEOUT_MS },
  ) {}

  async test(request: TestRequest): Promise<TestResult> {
    const started = this.now();
    const elapsed = (): number => this.now() - started;
    let connections: readonly ConnectionSummary[] = [];
    try {
      connections = await this.directory.list();
      // Validated once per test: here, unless the host just did it with this same form.
      const validation = request.validated === true ? { ok: true as const, values: request.values } : this.form.validate(request.values, { connectionId: request.connectionId, connections });
      if (!validation.ok) {
        const messages = Object.values(validation.errors).join('; ');
        return { ok: false, kind: 'config', message: `Fix the highlighted fields: ${messages}`, latencyMs: elapsed(), errors: validation.errors };
      }
      const values = validation.values;
      if (values[API_KEY_FIELD] === undefined) {
        // An omitted key means "the stored one": the host decrypts and passes it (its one resolution); the plugin never looks it up for a test.
        const errors = { [API_KEY_FIELD]: 'Enter the API key: the host passes a stored key in clear, and none was given' };
        return { ok: false, kind: 'config', message: `Fix the highlighted fields: ${errors[API_KEY_FIELD]}`, latencyMs: elapsed(), errors };
      }
      const apiUser = typeof values.apiUser === 'string' ? values.apiUser : '';
      const client = this.clients.forValues(values, {
        ...(request.connectionId !== undefined ? { connectionId: request.connectionId } : {}),
        acquireTimeoutMs: this.timeouts.acquireMs,
        timeoutMs: this.timeouts.requestMs,
      });
      try {
        const pong = await client.ping({ ...(request.signal ? { signal: request.signal } : {}), timeoutMs: this.timeouts.requestMs });
        this.logger?.info('CartRover connection test succeeded', { connectionId: request.connectionId, apiUser, latencyMs: pong.latencyMs });
        return {
          ok: true,
          message: `Connection to CartRover works (API user ${apiUser})`,
          latencyMs: pong.latencyMs,
          ...(pong.processId ? { processId: pong.processId } : {}),
        };
      } catch (error) {
        const result = testFailureResult(error, {
          apiUser,
          timeoutMs: this.timeouts.requestMs,
          elapsedMs: elapsed(),
          poolName: (poolId) => connections.find((connection) => connection.id === poolId)?.name ?? poolId ?? 'of this connection',
        });
        this.logger?.info('CartRover connection test failed', { connectionId: request.connectionId, apiUser, kind: result.kind, processId: result.processId });
        return result;
      }
    } catch (error) {
      // The directory or an extension failed: report it without its text (it might quote values).
      const name = error instanceof Error ? error.name : typeof error;
      this.logger?.error('CartRover connection test could not run', { connectionId: request.connectionId, error: name });
      return { ok: false, kind: 'internal', message: `The test could not run (${name}); try again, and report it if it persists`, latencyMs: elapsed() };
    }
  }

  private now(): number {
    return this.clock.now();
  }
}
