import { setMaxListeners } from 'node:events';
import { BrokenCircuitError, CircuitState as PolicyState, IsolatedCircuitError, circuitBreaker, handleWhen } from 'cockatiel';
import type { CircuitBreakerPolicy } from 'cockatiel';
import { CartRoverError } from './cartrover-error';
import { PoolRoundBreaker } from './pool-round-breaker';

/** The `networkCode` of a request refused because the connection's circuit is open (never sent). */
export const CIRCUIT_OPEN_CODE = 'ECIRCUITOPEN';

export interface CircuitOptions {
  /**
   * Consecutive unanswered requests (timeouts, network failures) that open the circuit, at least;
   * and at least as many as were on the wire together (see PoolRoundBreaker).
   */
  readonly failures: number;
  /** How long an open circuit refuses requests before one probe may go through. */
  readonly halfOpenAfterMs: number;
}

export const DEFAULT_CIRCUIT: CircuitOptions = { failures: 3, halfOpenAfterMs: 10_000 };

export type CircuitState = 'closed' | 'open' | 'half-open';

/** Failures that are answers from the server: it is there (a success for the breaker). */
const ANSWERED_KINDS: ReadonlySet<string> = new Set(['auth', 'rate_limit', 'server', 'not_found', 'conflict', 'rejected', 'invalid_response']);

/** Every request waiting on the connection listens to its break signal: hundreds is normal, not a leak. */
function unlimitedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

interface SharedAttemptSignal {
  /** The break signal of the generation it was made in. */
  readonly generation: AbortSignal;
  readonly signal: AbortSignal;
  /** Attempts running with it; the last one to end removes its listeners. */
  users: number;
  readonly release: () => void;
}

/** Unanswered: the server never replied (an HTTP answer, even 5xx, proves it is there). */
function isUnanswered(error: unknown): boolean {
  return error instanceof CartRoverError && (error.kind === 'timeout' || (error.kind === 'network' && error.networkCode !== CIRCUIT_OPEN_CODE));
}

/**
 * One connection's circuit breaker (cockatiel): after `failures` unanswered requests in a row it
 * opens, every request then fails at once (not sent, so not retried and not read back), and after
 * `halfOpenAfterMs` one request probes; an answer closes it. When it opens, the requests of that
 * connection still waiting for an answer or a permit are cut short as well: a server that stopped
 * answering costs about one timeout per pool slot, not one per record.
 */
export class ConnectionCircuit {
  readonly #policy: CircuitBreakerPolicy;
  readonly #breaker: PoolRoundBreaker;
  #generation = unlimitedController();
  /** The attempt signals of this generation in flight, by caller signal (see #attemptSignal). */
  #attemptSignals = new Map<AbortSignal | undefined, SharedAttemptSignal>();

  constructor(
    readonly options: CircuitOptions = DEFAULT_CIRCUIT,
    private readonly describe: () => string = () => 'CartRover',
  ) {
    this.#breaker = new PoolRoundBreaker(options.failures);
    this.#policy = circuitBreaker(handleWhen(isUnanswered), { halfOpenAfter: options.halfOpenAfterMs, breaker: this.#breaker });
    this.#policy.onBreak(() => {
      const cut = this.#generation;
      this.#generation = unlimitedController();
      // The cut generation's attempt signals abort with it; later attempts get new ones.
      this.#attemptSignals = new Map();
      cut.abort();
    });
  }

  get state(): CircuitState {
    const state = this.#policy.state;
    return state === PolicyState.Closed ? 'closed' : state === PolicyState.HalfOpen ? 'half-open' : 'open';
  }

  /** Brackets the send itself (inside the permit), so the breaker knows how many were on the wire. */
  onWire<T>(send: () => Promise<T>): Promise<T> {
    return this.#breaker.onWire(send);
  }

  /** Runs one attempt through the circuit; `attempt` gets the signal to send and wait with. */
  async run<T>(attempt: (signal: AbortSignal) => Promise<T>, callerSignal?: AbortSignal): Promise<T> {
    const attemptSignal = this.#attemptSignal(callerSignal);
    const { generation, signal } = attemptSignal;
    let outcome: { readonly value: T } | { readonly error: unknown };
    try {
      // Any answer, even an error status, proves the server is there: it counts as a success.
      outcome = await this.#policy.execute(async () => {
        try {
          return { value: await attempt(signal) };
        } catch (error) {
          if (isUnanswered(error)) this.#breaker.unansweredFor((error as CartRoverError).latencyMs ?? 0);
          if (error instanceof CartRoverError && ANSWERED_KINDS.has(error.kind)) return { error };
          // Unanswered: a failure. Anything else (aborted, no permit, config): neither.
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) throw this.#openError(false);
      if (generation.aborted && callerSignal?.aborted !== true) throw this.#openError(true);
      throw error;
    } finally {
      attemptSignal.release();
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }

  /**
   * One signal for the caller's abort and the break, shared by the attempts in flight with the same
   * caller signal (a batch's hundred requests share one, not a controller and two listeners each);
   * its listeners are removed when the last of them ends (AbortSignal.any would keep a dependent on
   * the long-lived break signal per request).
   */
  #attemptSignal(callerSignal: AbortSignal | undefined): SharedAttemptSignal {
    const shared = this.#attemptSignals;
    const existing = shared.get(callerSignal);
    if (existing) {
      existing.users += 1;
      return existing;
    }
    const generation = this.#generation.signal;
    const combined = unlimitedController();
    const forward = (): void => combined.abort();
    if (callerSignal?.aborted || generation.aborted) combined.abort();
    callerSignal?.addEventListener('abort', forward, { once: true });
    generation.addEventListener('abort', forward, { once: true });
    const entry: SharedAttemptSignal = {
      generation,
      signal: combined.signal,
      users: 1,
      release: () => {
        entry.users -= 1;
        if (entry.users > 0) return;
        callerSignal?.removeEventListener('abort', forward);
        generation.removeEventListener('abort', forward);
        if (shared.get(callerSignal) === entry) shared.delete(callerSignal);
      },
    };
    shared.set(callerSignal, entry);
    return entry;
  }

  /**
   * Not sent (refused by the open circuit): `network` with {@link CIRCUIT_OPEN_CODE}, never retried.
   * Cut short while waiting (it may have reached the server): `timeout`, an unknown outcome.
   */
  #openError(wasWaiting: boolean): CartRoverError {
    const seconds = Math.ceil(this.options.halfOpenAfterMs / 1000);
    const what = wasWaiting ? 'This request was stopped while it waited for an answer or a permit' : 'This request was not sent';
    return new CartRoverError({
      ...(wasWaiting ? { kind: 'timeout' as const } : { kind: 'network' as const, networkCode: CIRCUIT_OPEN_CODE }),
      message:
        `${this.describe()} answered none of the last requests (timeouts or network failures), so this connection's requests are paused (circuit open). ` +
        `${what}. After ${seconds} s one request checks whether it answers again; test the connection then.`,
    });
  }
}
