import type { Logger } from '../../src/contracts';
import type { CartRoverClientOptions, CartRoverCredentials } from '../../src/cartrover';
import { CartRoverClient } from '../../src/cartrover';
import type { SandboxOptions, SandboxServer } from '../../sandbox/src';
import { startSandbox } from '../../sandbox/src';
import { systemClock } from '../../src/contracts';

export const MERCHANT: CartRoverCredentials = { apiUser: 'demo-merchant', apiKey: 'demo-merchant-key' };
export const CART: CartRoverCredentials = { apiUser: 'demo-cart', apiKey: 'demo-cart-key' };

/** Short delays so retry tests finish fast. */
export const FAST_RETRY = { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 50, maxTotalMs: 10_000 } as const;

/** A logger that keeps every line, as a host would write it. */
export class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  debug(message: string, fields?: Record<string, unknown>): void {
    this.write('debug', message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.write('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.write('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.write('error', message, fields);
  }
  private write(level: string, message: string, fields?: Record<string, unknown>): void {
    this.lines.push(JSON.stringify({ level, message, ...fields }));
  }
}

/** Starts a sandbox for a test file and hands out clients pointed at it. */
export function useSandbox(options: SandboxOptions = {}): {
  sandbox: () => SandboxServer;
  client: (credentials: CartRoverCredentials, overrides?: Partial<CartRoverClientOptions>) => CartRoverClient;
} {
  let server: SandboxServer | undefined;
  beforeAll(async () => {
    server = await startSandbox({ seed: true, ...options });
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => {
    server?.control.clearFaults();
    server?.control.setLatency(0);
    server?.control.resetCounters();
  });
  const sandbox = (): SandboxServer => {
    if (!server) throw new Error('sandbox not started');
    return server;
  };
  return {
    sandbox,
    client: (credentials, overrides = {}) =>
      new CartRoverClient({
        baseUrl: sandbox().url,
        credentials: () => credentials,
        retry: FAST_RETRY,
        pacer: false,
        clock: systemClock,
        ...overrides,
      }),
  };
}

/** The sum of a counter map (e.g. requests by route). */
export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** Rejection of a promise, typed for assertions. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown> & Error;
  }
  throw new Error('expected the promise to reject');
}
