import type { CircuitState, IBreaker } from 'cockatiel';

/**
 * When a circuit opens: after `minimum` unanswered requests in a row, never before as many as were
 * on the wire together since the last answer, and only when nothing at all was answered for as
 * long as the last failure waited. So a dead server trips it after one round of the pool's slots
 * (every slot timed out once: about one timeout in all), while a burst of failures among requests
 * that are answered (resets, lost answers while other calls get through) does not.
 */
export class PoolRoundBreaker implements IBreaker {
  #streak = 0;
  #onWire = 0;
  #peakOnWire = 0;
  #lastAnswerAt = 0;
  #lastFailureWaitedMs = 0;

  constructor(
    private readonly minimum: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long the failing request waited for an answer (called just before `failure`). */
  unansweredFor(waitedMs: number): void {
    this.#lastFailureWaitedMs = waitedMs;
  }

  get state(): unknown {
    return { streak: this.#streak, peakOnWire: this.#peakOnWire };
  }

  set state(_value: unknown) {
    // Not restored from serialised state: a fresh process starts closed.
  }

  /** Brackets one request on the wire (not the wait for a permit). */
  async onWire<T>(send: () => Promise<T>): Promise<T> {
    this.#onWire += 1;
    this.#peakOnWire = Math.max(this.#peakOnWire, this.#onWire);
    try {
      return await send();
    } finally {
      this.#onWire -= 1;
    }
  }

  success(_state: CircuitState): void {
    this.#streak = 0;
    this.#lastAnswerAt = this.now();
    this.#peakOnWire = this.#onWire;
  }

  failure(_state: CircuitState): boolean {
    this.#streak += 1;
    const silentForMs = this.now() - this.#lastAnswerAt;
    return this.#streak >= Math.max(this.minimum, this.#peakOnWire) && silentForMs >= this.#lastFailureWaitedMs;
  }
}
