import type { Clock, Logger } from '../contracts';
import { abortableSleep, abortedError, throwIfAborted } from './abort-handling';
import { fullJitterBackoff } from './backoff';
import type { BucketOptions } from './bucket-options';
import { DEFAULT_BUCKET } from './bucket-options';
import { CartRoverError } from './cartrover-error';
import type { RequestHook, ResolvedRetryOptions } from './client-options';
import type { ConnectionCircuit } from './connection-circuit';
import type { CartRoverCredentials, CredentialsProvider } from './credentials';
import { obtainCredentials } from './credentials';
import type { RateLimitPacerRegistry } from './rate-limit-pacer-registry';
import type { RetryPolicy } from './retry-policy';
import { isRetryable } from './retry-policy';
import { pathOnly } from './secret-redaction';
import type { HttpMethod, WireClient, WireSuccess } from './wire-client';

export interface RunRequest {
  readonly method: HttpMethod;
  readonly pathWithQuery: string;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Take a rate-limit token before each attempt (every endpoint except create-order and ping). */
  readonly paced: boolean;
  readonly retry: RetryPolicy;
}

export interface RequestRunnerOptions {
  readonly wire: WireClient;
  readonly credentials: CredentialsProvider;
  readonly hook?: RequestHook;
  readonly retry: ResolvedRetryOptions;
  readonly pacers?: RateLimitPacerRegistry;
  /** The client's own `bucket` option, when it gave one (it re-configures the shared pacer). */
  readonly bucketOverride?: BucketOptions;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random?: () => number;
  /** The connection's circuit breaker: every attempt (permit wait included) goes through it. */
  readonly circuit?: ConnectionCircuit;
}

/**
 * One logical call: pace wait -> hook(send) -> maybe retry wait -> hook(send) -> ... The hook wraps
 * exactly one wire attempt; every wait happens outside it.
 */
export class RequestRunner {
  constructor(private readonly options: RequestRunnerOptions) {}

  async run(request: RunRequest): Promise<WireSuccess & { attempts: number }> {
    const { clock, retry } = this.options;
    const path = pathOnly(request.pathWithQuery);
    const where = { method: request.method, path };
    const startedAt = clock.now();

    for (let attempt = 1; ; attempt += 1) {
      throwIfAborted(request.signal, where);
      // Read (and so decrypted) once per attempt. A paced attempt needs the API user for its bucket
      // before it waits, and the wire reuses them; an unpaced one reads them once it holds its
      // permit (the key lives shortest, and queued requests hold none).
      const pacedCredentials = request.paced ? await obtainCredentials(this.options.credentials) : undefined;
      if (pacedCredentials) await this.pace(pacedCredentials.apiUser, request.signal);
      let failure: CartRoverError;
      try {
        const result = await this.attempt(request, path, attempt, pacedCredentials, startedAt + retry.maxTotalMs - clock.now());
        return { ...result, attempts: attempt };
      } catch (error) {
        if (!(error instanceof CartRoverError)) {
          // The hook's own failure (e.g. no permit because the caller aborted its wait).
          if (request.signal?.aborted) throw abortedError(where);
          throw error;
        }
        failure = error.with({ attempts: attempt });
      }

      if (!isRetryable(request.retry, failure) || attempt >= retry.maxAttempts) throw failure;
      const delayMs = this.retryDelay(failure, attempt);
      if (clock.now() - startedAt + delayMs > retry.maxTotalMs) throw failure;
      this.options.logger.debug('CartRover request will be retried', {
        ...where,
        attempt,
        kind: failure.kind,
        processId: failure.processId,
        delayMs,
      });
      await abortableSleep((ms, signal) => clock.sleep(ms, signal), delayMs, request.signal, where);
    }
  }

  /**
   * Full-jitter backoff, but never shorter than the server's Retry-After, nor (for a RateLimit)
   * than one refill interval: sooner, the bucket cannot have room again.
   */
  retryDelay(failure: CartRoverError, attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.options.retry;
    const backoff = fullJitterBackoff(attempt, baseDelayMs, maxDelayMs, this.options.random);
    const refillFloor = failure.kind === 'rate_limit' ? this.refillMs() : 0;
    return Math.max(backoff, refillFloor, failure.retryAfterMs ?? 0);
  }

  private refillMs(): number {
    return (this.options.bucketOverride ?? this.options.pacers?.defaultBucket ?? DEFAULT_BUCKET).refillMs;
  }

  private attempt(request: RunRequest, path: string, attempt: number, credentials: CartRoverCredentials | undefined, remainingMs: number): Promise<WireSuccess> {
    const circuit = this.options.circuit;
    const through = (signal: AbortSignal | undefined): Promise<WireSuccess> => {
      // The whole call, retries included, ends by its deadline: an attempt never outlives it.
      const timeoutMs = Math.max(1, Math.min(request.timeoutMs ?? this.options.timeoutMs, remainingMs));
      const sendOnce = async (): Promise<WireSuccess> =>
        this.options.wire.send({
          method: request.method,
          pathWithQuery: request.pathWithQuery,
          body: request.body,
          timeoutMs,
          signal,
          attempt,
          credentials: credentials ?? (await obtainCredentials(this.options.credentials)),
        });
      const send = (): Promise<WireSuccess> => (circuit ? circuit.onWire(sendOnce) : sendOnce());
      const hook = this.options.hook;
      return hook ? hook(send, { method: request.method, path, attempt, signal, timeoutMs }) : send();
    };
    return circuit ? circuit.run(through, request.signal) : through(request.signal);
  }

  /** The bucket is the API user's. */
  private async pace(apiUser: string, signal: AbortSignal | undefined): Promise<void> {
    const pacers = this.options.pacers;
    if (!pacers) return;
    await pacers.pacerFor(apiUser, this.options.bucketOverride).take(signal);
  }
}
