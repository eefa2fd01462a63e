/** Failed logins allowed per client address within the window, then 429 until it passes. */
export const FAILED_LOGINS_ALLOWED = 10;
export const FAILED_LOGIN_WINDOW_MS = 60_000;

/**
 * Counts failed logins (wrong token in `?token=` or `Authorization`) per client address in a
 * fixed window: enough to make guessing a 192-bit token pointless noise, small enough to keep.
 */
export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; windowStart: number }>();

  constructor(private readonly now: () => number) {}

  /** Milliseconds until this address may try again, or 0. */
  retryAfterMs(address: string): number {
    const entry = this.#failures.get(address);
    if (!entry) return 0;
    const elapsed = this.now() - entry.windowStart;
    if (elapsed >= FAILED_LOGIN_WINDOW_MS) {
      this.#failures.delete(address);
      return 0;
    }
    return entry.count >= FAILED_LOGINS_ALLOWED ? FAILED_LOGIN_WINDOW_MS - elapsed : 0;
  }

  recordFailure(address: string): void {
    const now = this.now();
    const entry = this.#failures.get(address);
    if (!entry || now - entry.windowStart >= FAILED_LOGIN_WINDOW_MS) this.#failures.set(address, { count: 1, windowStart: now });
    else entry.count += 1;
    if (this.#failures.size > 10_000) this.#failures.clear();
  }
}
