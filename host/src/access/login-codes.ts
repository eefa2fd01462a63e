import { randomBytes } from 'node:crypto';

/** A printed login URL works once, within this time (it may sit in a terminal's scrollback). */
export const LOGIN_CODE_LIFETIME_MS = 10 * 60 * 1000;
const CODE_BYTES = 24;
const MAX_OPEN_CODES = 1000;

/**
 * One-time login codes for the URL the host prints (`/?code=…`): a browser keeps visited URLs in
 * its history, so the printed URL must not be a lasting secret. A code logs in once, then it is
 * gone; codes live in this process only (the URL names the host that printed it).
 */
export class LoginCodes {
  readonly #codes = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  issue(): string {
    this.#forgetExpired();
    if (this.#codes.size >= MAX_OPEN_CODES) this.#codes.delete(this.#codes.keys().next().value!);
    const code = randomBytes(CODE_BYTES).toString('base64url');
    this.#codes.set(code, this.now() + LOGIN_CODE_LIFETIME_MS);
    return code;
  }

  /** True once for a code issued here and not expired; the code is spent either way. */
  redeem(code: string): boolean {
    const expires = this.#codes.get(code);
    if (expires === undefined) return false;
    this.#codes.delete(code);
    return this.now() < expires;
  }

  /** A new token ends every login in progress too. */
  clear(): void {
    this.#codes.clear();
  }

  #forgetExpired(): void {
    const now = this.now();
    for (const [code, expires] of this.#codes) if (expires <= now) this.#codes.delete(code);
  }
}
