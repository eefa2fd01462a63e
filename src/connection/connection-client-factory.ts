import { inject, injectable, optional } from 'inversify';
import type { CartRoverCredentials, CircuitOptions, ConnectionCircuit, CredentialsProvider, RateLimitPacerRegistry, RequestHook } from '../cartrover';
import { CartRoverClient, CircuitBreakerRegistry, DEFAULT_CIRCUIT } from '../cartrover';
import { createPoolRequestHook } from '../concurrency';
import { CONCURRENCY_TOKENS, type LazyPoolBinding } from '../concurrency/concurrency-tokens';
import type { Clock, ConnectionDirectory, ConnectionValues, HostConfiguration, Logger, PoolRegistry } from '../contracts';
import { BORROW_CONCURRENCY_FIELD, TOKENS } from '../contracts';
import { API_KEY_FIELD, API_USER_FIELD } from './cartrover-connection-fields';
import { CARTROVER_BASE_URL_SETTING, CARTROVER_BREAKER_FAILURES_SETTING, CARTROVER_BREAKER_HALF_OPEN_MS_SETTING, CARTROVER_TIMEOUT_MS_SETTING } from './cartrover-settings';
import { CONNECTION_TOKENS } from './connection-tokens';

export const DEFAULT_CARTROVER_BASE_URL = 'https://api.cartrover.com';

export interface ClientBuildOptions {
  /** Per-attempt timeout, overriding CARTROVER_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  /** How long a request waits for a permit of its pool before failing with a PoolError `timeout`. */
  readonly acquireTimeoutMs?: number;
}

export interface UnsavedClientOptions extends ClientBuildOptions {
  /** The stored connection the values belong to, when editing one (its pool; its stored key). */
  readonly connectionId?: string;
}

/**
 * Builds CartRover clients the way every part of the plugin needs them: base URL and timeout from
 * host configuration (never from a form: users must not point the host at arbitrary addresses),
 * one rate-limit pacer registry per plugin instance (CartRover's bucket is per API user), and every
 * request inside the connection's concurrency pool.
 */
@injectable()
export class ConnectionClientFactory {
  /** One circuit breaker per connection for the plugin's life (CARTROVER_BREAKER_FAILURES, _HALF_OPEN_MS). */
  private readonly circuits = new CircuitBreakerRegistry(
    () => this.circuitOptions(),
    () => `CartRover at ${this.baseUrl}`,
  );

  constructor(
    @inject(TOKENS.HostConfiguration) private readonly configuration: HostConfiguration,
    @inject(TOKENS.ConnectionDirectory) private readonly directory: ConnectionDirectory,
    @inject(TOKENS.PoolRegistry) private readonly pools: PoolRegistry,
    @inject(CONNECTION_TOKENS.RateLimitPacers) private readonly pacers: RateLimitPacerRegistry,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Logger) @optional() private readonly logger?: Logger,
    @inject(CONCURRENCY_TOKENS.LazyPoolBinding) @optional() private readonly lazyPools?: LazyPoolBinding,
  ) {}

  /** The base URL requests go to (`CARTROVER_BASE_URL`, default https://api.cartrover.com). */
  get baseUrl(): string {
    const configured = this.configuration.get(CARTROVER_BASE_URL_SETTING)?.trim();
    return configured ? configured : DEFAULT_CARTROVER_BASE_URL;
  }

  /**
   * A client for a stored connection. Credentials are read per request (the key is decrypted by the
   * host just in time and dropped after), so a saved key change applies to the next request.
   */
  forConnection(connectionId: string, options: ClientBuildOptions = {}): CartRoverClient {
    const credentials = (): Promise<CartRoverCredentials> => this.readCredentials(connectionId);
    return this.build(credentials, this.storedConnectionHook(connectionId, options), options, this.circuits.forConnection(connectionId));
  }

  /**
   * A client for one run of a flow: the connection's credentials are read (the key decrypted) once,
   * at its first request, and held only by this client, which the run drops at its end. A run
   * makes thousands of requests: reading and decrypting per request was a cost of its own.
   */
  forRun(connectionId: string, options: ClientBuildOptions = {}): CartRoverClient {
    let held: Promise<CartRoverCredentials> | undefined;
    const credentials = (): Promise<CartRoverCredentials> => {
      held ??= this.readCredentials(connectionId).catch((error: unknown) => {
        held = undefined;
        throw error;
      });
      return held;
    };
    return this.build(credentials, this.storedConnectionHook(connectionId, options), options, this.circuits.forConnection(connectionId));
  }

  /** The pool hook of a stored connection; one the host's directory knows needs no `sync` first: it is bound on first use. */
  private storedConnectionHook(connectionId: string, options: ClientBuildOptions): RequestHook {
    const hook = createPoolRequestHook(this.pools, connectionId, this.hookOptions(options));
    const { lazyPools } = this;
    if (!lazyPools) return hook;
    return async (send, info) => {
      await lazyPools.ensureBound(connectionId);
      return hook(send, info);
    };
  }

  /** The level of the pool a connection's requests run in now, or undefined while it is not bound. */
  async poolLevelOf(connectionId: string): Promise<number | undefined> {
    const poolId = this.pools.poolOf(connectionId);
    if (poolId === undefined) return undefined;
    const stats = await this.pools.stats();
    return stats.find((pool) => pool.poolId === poolId)?.level;
  }

  private async readCredentials(connectionId: string): Promise<CartRoverCredentials> {
    const connection = await this.directory.get(connectionId);
    if (!connection) throw new Error('The connection no longer exists');
    const apiKey = await this.directory.readSecret(connectionId, API_KEY_FIELD);
    return { apiUser: stringOf(connection.values[API_USER_FIELD]), apiKey: apiKey ?? '' };
  }

  /**
   * A client for values not saved yet (Test). Credentials come from the values, the key in clear:
   * the host resolved a kept key before (its one resolution; this never reads the store for it).
   * Requests run in the pool of the lender
   * (`borrowConcurrencyFrom`) or of the edited connection, when that one is bound; else in none
   * (a brand-new connection has no pool yet, and a test is one request).
   */
  forValues(values: ConnectionValues, options: UnsavedClientOptions = {}): CartRoverClient {
    const { connectionId } = options;
    const apiUser = stringOf(values[API_USER_FIELD]);
    const apiKey = stringOf(values[API_KEY_FIELD]);
    const credentials = (): CartRoverCredentials => ({ apiUser, apiKey });
    const member = this.boundPoolMember(values, connectionId);
    const hook = member === undefined ? undefined : createPoolRequestHook(this.pools, member, this.hookOptions(options));
    return this.build(credentials, hook, options, connectionId === undefined ? undefined : this.circuits.forConnection(connectionId));
  }

  /** The connection whose pool unsaved values run in: the lender, else the edited one; only if bound. */
  private boundPoolMember(values: ConnectionValues, connectionId: string | undefined): string | undefined {
    const lender = values[BORROW_CONCURRENCY_FIELD];
    const member = typeof lender === 'string' && lender.trim() !== '' ? lender.trim() : connectionId;
    return member !== undefined && this.pools.poolOf(member) !== undefined ? member : undefined;
  }

  private build(credentials: CredentialsProvider, requestHook: RequestHook | undefined, options: ClientBuildOptions, circuit?: ConnectionCircuit): CartRoverClient {
    return new CartRoverClient({
      baseUrl: this.baseUrl,
      credentials,
      ...(circuit ? { circuit } : {}),
      timeoutMs: options.timeoutMs ?? this.configuredTimeoutMs(),
      ...(requestHook ? { requestHook } : {}),
      pacer: this.pacers,
      ...(this.logger ? { logger: this.logger } : {}),
      clock: this.clock,
    });
  }

  /** CARTROVER_TIMEOUT_COOLDOWN_MS: how long a permit stays held after its attempt timed out (default: the attempt's timeout). */
  private hookOptions(options: ClientBuildOptions): { acquireTimeoutMs?: number; coolDownMs?: number } {
    const coolDownMs = this.positiveSetting('CARTROVER_TIMEOUT_COOLDOWN_MS');
    return {
      ...(options.acquireTimeoutMs === undefined ? {} : { acquireTimeoutMs: options.acquireTimeoutMs }),
      ...(coolDownMs === undefined ? {} : { coolDownMs }),
    };
  }

  private circuitOptions(): CircuitOptions {
    return {
      failures: this.positiveSetting(CARTROVER_BREAKER_FAILURES_SETTING) ?? DEFAULT_CIRCUIT.failures,
      halfOpenAfterMs: this.positiveSetting(CARTROVER_BREAKER_HALF_OPEN_MS_SETTING) ?? DEFAULT_CIRCUIT.halfOpenAfterMs,
    };
  }

  private positiveSetting(name: string): number | undefined {
    const value = Number(this.configuration.get(name) ?? '');
    return Number.isInteger(value) && value > 0 ? value : undefined;
  }

  /** `CARTROVER_TIMEOUT_MS` when it is a positive number; otherwise the client's default (30 s). */
  private configuredTimeoutMs(): number | undefined {
    const raw = this.configuration.get(CARTROVER_TIMEOUT_MS_SETTING);
    if (raw === undefined || raw.trim() === '') return undefined;
    const value = Number(raw);
    if (Number.isFinite(value) && value > 0) return value;
    this.logger?.warn('Ignoring CARTROVER_TIMEOUT_MS: not a positive number of milliseconds', { value: raw });
    return undefined;
  }
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
