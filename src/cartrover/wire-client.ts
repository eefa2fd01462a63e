import { performance } from 'node:perf_hooks';
import axios from 'axios';
import type { AxiosInstance } from 'axios';
import type { Clock, Logger } from '../contracts';
import { throwIfAborted } from './abort-handling';
import { AttemptAborts } from './attempt-aborts';
import { CartRoverError } from './cartrover-error';
import { USER_AGENT } from './connector-version';
import type { CartRoverCredentials } from './credentials';
import { basicAuthorization } from './credentials';
import type { SuccessEnvelope } from './response-envelope';
import { interpretEnvelope } from './response-envelope';
import type { ResponseHeaderFacts } from './response-headers';
import { readHeaderFacts } from './response-headers';
import { pathOnly, redactCredentials, sanitizePath } from './secret-redaction';
import { transportFailure } from './transport-failure';

export type HttpMethod = 'GET' | 'POST';

export interface WireRequest {
  readonly method: HttpMethod;
  /** Path under the base URL, with its query string (already encoded). */
  readonly pathWithQuery: string;
  readonly body?: unknown;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Retry number for the log line (1 = first attempt). */
  readonly attempt: number;
  /** Obtained once for this attempt by the request runner (it paced by the same API user). */
  readonly credentials: CartRoverCredentials;
}

export interface WireSuccess {
  readonly body: SuccessEnvelope;
  readonly processId?: string;
  readonly latencyMs: number;
}

/** Told about every HTTP answer (success or not): feeds the rate-limit model. */
export type ResponseObserver = (apiUser: string, facts: ResponseHeaderFacts, failure?: CartRoverError) => void;

export interface WireClientOptions {
  readonly baseUrl: string;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly observe: ResponseObserver;
}

/**
 * Exactly one HTTP exchange with CartRover: request sent with the credentials given, answer turned into
 * a success envelope or a CartRoverError. No retries, no waits: the request runner does those.
 */
export class WireClient {
  private readonly http: AxiosInstance;
  private readonly origin: string;
  private readonly aborts = new AttemptAborts();

  constructor(private readonly options: WireClientOptions) {
    this.origin = new URL(options.baseUrl).origin;
    this.http = axios.create({
      // Statuses are judged by interpretEnvelope, bodies parsed by it (HTML error pages included).
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // The body is sent as we serialised it: axios's default would JSON.parse every JSON body
      // again to check it (a visible share of a request's CPU in an import).
      transformRequest: [(data: unknown) => data],
      // A redirect could carry the Authorization header to another host: never follow one.
      maxRedirects: 0,
      headers: { Accept: 'application/json', 'User-Agent': USER_AGENT },
    });
  }

  async send(request: WireRequest): Promise<WireSuccess> {
    const path = pathOnly(request.pathWithQuery);
    const facts = { method: request.method, path };
    throwIfAborted(request.signal, facts);
    const { credentials } = request;

    // One signal for both reasons to stop: our timeout and the caller's signal.
    const abort = this.aborts.open(request.signal, request.timeoutMs);

    const started = performance.now();
    try {
      let response;
      try {
        response = await this.http.request<string>({
          method: request.method,
          url: `${this.options.baseUrl}${request.pathWithQuery}`,
          headers: {
            Authorization: basicAuthorization(credentials),
            ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          data: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: abort.signal,
        });
      } catch (error) {
        const failure = transportFailure(error, {
          ...facts,
          origin: this.origin,
          latencyMs: elapsedSince(started),
          timeoutMs: request.timeoutMs,
          timedOut: abort.timedOut,
          aborted: request.signal?.aborted === true && !abort.timedOut,
        });
        this.log(request, { outcome: failure.kind, networkCode: failure.networkCode, latencyMs: failure.latencyMs });
        throw failure;
      }

      const latencyMs = elapsedSince(started);
      const headerFacts = readHeaderFacts(response.headers as Record<string, unknown>, this.options.clock.now());
      const outcome = interpretEnvelope(
        {
          status: response.status,
          contentType: headerString(response.headers['content-type']),
          bodyText: typeof response.data === 'string' ? response.data : '',
        },
        headerFacts,
        { ...facts, latencyMs },
        (text) => redactCredentials(text, credentials),
      );
      this.options.observe(credentials.apiUser, headerFacts, outcome.ok ? undefined : outcome.error);
      this.log(request, {
        status: response.status,
        processId: headerFacts.processId,
        latencyMs,
        outcome: outcome.ok ? 'ok' : outcome.error.kind,
        errorCode: outcome.ok ? undefined : outcome.error.errorCode,
        hitsRemaining: headerFacts.hitsRemaining,
      });
      if (!outcome.ok) throw outcome.error;
      return { body: outcome.body, processId: headerFacts.processId, latencyMs };
    } finally {
      abort.close();
    }
  }

  private log(request: WireRequest, fields: Record<string, unknown>): void {
    const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    this.options.logger.debug('CartRover request', {
      method: request.method,
      path: sanitizePath(request.pathWithQuery),
      attempt: request.attempt,
      ...defined,
    });
  }
}

function elapsedSince(started: number): number {
  return Math.round(performance.now() - started);
}

function headerString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Validates and normalises the base URL once, at construction. */
export function normaliseBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new CartRoverError({ kind: 'config', message: 'The CartRover base URL is not a valid URL.' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CartRoverError({ kind: 'config', message: 'The CartRover base URL must use http or https.' });
  }
  if (url.username !== '' || url.password !== '') {
    throw new CartRoverError({ kind: 'config', message: 'The CartRover base URL must not contain credentials.' });
  }
  if (url.search !== '' || url.hash !== '') {
    throw new CartRoverError({ kind: 'config', message: 'The CartRover base URL must not have a query or fragment.' });
  }
  return url.toString().replace(/\/+$/, '');
}
