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
  /**
   * When (clock ms) the whole call must have ended, retries and waits included; default: its start
   * plus `maxTotalMs`. A call made on behalf of another (a create's read-back) passes the other's.
   */
  readonly deadlineAt?: number;
}

/** What a call does after a failed attempt. The runner waits, counts the attempts and keeps the deadline. */
export type NextStep<T> =
  /** Send again after the backoff (if an attempt and the time for the wait are left). */
  | { readonly next: 'retry' }
  /** Wait the backoff, then ask the strategy's `settle` what the failed attempt did (a read-back). */
  | { readonly next: 'settle' }
  /** End the call with this error (default: the failure). */
  | { readonly next: 'give-up'; readonly error?: CartRoverError }
  /** End the call with this value: the failure proved the outcome (a duplicate means the order exists). */
  | { readonly next: 'done'; readonly value: T };

export interface SettleContext {
  readonly signal?: AbortSignal;
  /** The call's deadline: whatever `settle` sends must end by it. */
  readonly deadlineAt: number;
  /** No attempt is left: a `retry` from `settle` ends the call with the failure. */
  readonly lastAttempt: boolean;
}

/**
 * How one call retries, for calls whose failures need more than a policy name (creates: a
 * duplicate is a result, an unknown outcome is settled by reading back). The runner stays the one
 * loop: it alone waits, counts attempts and ends the call by its deadline.
 */
export interface RetryStrategy<T> {
  succeeded(result: WireSuccess, attempts: number): T;
  failed(failure: CartRoverError, attempt: number): NextStep<T>;
  /** After a `settle`'s wait: `retry` sends again at once. */
  settle?(failure: CartRoverError, context: SettleContext): Promise<NextStep<T>>;
  /** The deadline leaves no time to wait for a `retry` or `settle`: the error to end with (default: the failure). */
  outOfTime?(failure: CartRoverError): CartRoverError;
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
 * exactly one wire attempt; every wait happens outside it. Every call, retries, waits and
 * read-backs included, ends by one deadline (`maxTotalMs` from its start, or the caller's).
 */
export class RequestRunner {
  constructor(private readonly options: RequestRunnerOptions) {}

  /** A call retried by its policy name (`reads`, `unprocessed`, `none`). */
  run(request: RunRequest): Promise<WireSuccess & { attempts: number }> {
    return this.runWith(request, {
      succeeded: (result, attempts) => ({ ...result, attempts }),
      failed: (failure) => (isRetryable(request.retry, failure) ? { next: 'retry' } : { next: 'give-up' }),
    });
  }

  /** A call retried by `strategy`, in the same loop and by the same deadline as every other call. */
  async runWith<T>(request: RunRequest, strategy: RetryStrategy<T>): Promise<T> {
    const { clock, retry } = this.options;
    const path = pathOnly(request.pathWithQuery);
    const where = { method: request.method, path };
    const deadlineAt = Math.min(request.deadlineAt ?? Number.POSITIVE_INFINITY, clock.now() + retry.maxTotalMs);

    for (let attempt = 1; ; attempt += 1) {
      throwIfAborted(request.signal, where);
      // Read (and so decrypted) once per attempt. A paced attempt needs the API user for its bucket
      // before it waits, and the wire reuses them; an unpaced one reads them once it holds its
      // permit (the key lives shortest, and queued requests hold none).
      const pacedCredentials = request.paced ? await obtainCredentials(this.options.credentials) : undefined;
      if (pacedCredentials) await this.pace(pacedCredentials.apiUser, request.signal);
      let failure: CartRoverError;
      try {
        const result = await this.attempt(request, path, attempt, pacedCredentials, deadlineAt - clock.now());
        return strategy.succeeded(result, attempt);
      } catch (error) {
        if (!(error instanceof CartRoverError)) {
          // The hook's own failure (e.g. no permit because the caller aborted its wait).
          if (request.signal?.aborted) throw abortedError(where);
          throw error;
        }
        failure = error.with({ attempts: attempt });
      }

      const lastAttempt = attempt >= retry.maxAttempts;
      let step = strategy.failed(failure, attempt);
      if (step.next === 'done') return step.value;
      if (step.next === 'give-up') throw step.error ?? failure;
      if (step.next === 'retry' && lastAttempt) throw failure;
      const delayMs = this.retryDelay(failure, attempt);
      if (clock.now() + delayMs > deadlineAt) throw strategy.outOfTime?.(failure) ?? failure;
      this.options.logger.debug(step.next === 'settle' ? 'CartRover request outcome unknown; it will be settled' : 'CartRover request will be retried', {
        ...where,
        attempt,
        kind: failure.kind,
        processId: failure.processId,
        delayMs,
      });
      await abortableSleep((ms, signal) => clock.sleep(ms, signal), delayMs, request.signal, where);
      if (step.next === 'settle') {
        if (!strategy.settle) throw failure;
        step = await strategy.settle(failure, { signal: request.signal, deadlineAt, lastAttempt });
        if (step.next === 'done') return step.value;
        if (step.next === 'give-up') throw step.error ?? failure;
        if (lastAttempt) throw failure;
        if (clock.now() >= deadlineAt) throw strategy.outOfTime?.(failure) ?? failure;
      }
    }
  }

  /**
   * Full-jitter backoff, but never shorter than the server's Retry-After, nor (for a RateLimit)
   * than one refill interval: sooner, the bucket cannot have room again.
   */
  private retryDelay(failure: CartRoverError, attempt: number): number {
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
