/** Failed logins the whole host allows within the window, then 429 for wrong tokens until it passes. */
export const FAILED_LOGINS_ALLOWED = 10;
export const FAILED_LOGIN_WINDOW_MS = 60_000;

/**
 * Counts failed logins (a wrong token or login code in the URL, a wrong Bearer token) for the
 * whole host in a fixed window, not per client address: any 127.x address reaches a loopback
 * host, so a per-address budget is no budget. Only failures count, and a right token is checked
 * before the budget, so its owner is never locked out by someone else's guesses.
 */
export class LoginThrottle {
  #count = 0;
  #windowStart = 0;

  constructor(private readonly now: () => number) {}

  /** Milliseconds until wrong tokens are answered 401 again instead of 429, or 0. */
  retryAfterMs(): number {
    const elapsed = this.now() - this.#windowStart;
    if (elapsed >= FAILED_LOGIN_WINDOW_MS) return 0;
    return this.#count >= FAILED_LOGINS_ALLOWED ? FAILED_LOGIN_WINDOW_MS - elapsed : 0;
  }

  recordFailure(): void {
    const now = this.now();
    if (now - this.#windowStart >= FAILED_LOGIN_WINDOW_MS) {
      this.#windowStart = now;
      this.#count = 0;
    }
    this.#count += 1;
  }
}
