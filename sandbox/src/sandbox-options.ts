/** Validates SandboxOptions (and the settings the control changes later) and fills in defaults. */
import { DEMO_USERS } from './demo-users';
import type {
  AuthFailureStyle,
  BucketSetting,
  LatencySetting,
  NotFoundStyle,
  RateLimitStyle,
  SandboxClock,
  SandboxOptions,
  SandboxUser,
} from './public-types';

export interface ResponseStyles {
  authFailureStyle: AuthFailureStyle;
  rateLimitStyle: RateLimitStyle;
  notFoundStyle: NotFoundStyle;
}

export interface ResolvedOptions extends ResponseStyles {
  port: number;
  host: string;
  users: SandboxUser[];
  seedOrders: number;
  seedSkus: number;
  bucket: BucketSetting;
  latency: LatencySetting;
  cancelWindowMs: number;
  merchantKeysOnCartRoutes: boolean;
  log: ((line: string) => void) | undefined;
  clock: SandboxClock;
}

const SYSTEM_CLOCK: SandboxClock = { now: () => Date.now() };

export const DEFAULT_SEED = { orders: 45, skus: 250 } as const;
const LEVELS = ['cart', 'merchant', 'warehouse'];

function fail(message: string): never {
  throw new Error(`CartRover sandbox: ${message}`);
}

function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isNonNegativeInteger(value: unknown): value is number {
  return isNonNegativeNumber(value) && Number.isInteger(value);
}

function checkEnum<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) fail(`${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  return value as T;
}

export function validateLatency(latency: unknown): LatencySetting {
  if (isNonNegativeNumber(latency)) return latency;
  if (typeof latency === 'object' && latency !== null) {
    const { minMs, maxMs } = latency as { minMs?: unknown; maxMs?: unknown };
    if (isNonNegativeNumber(minMs) && isNonNegativeNumber(maxMs) && minMs <= maxMs) return { minMs, maxMs };
  }
  return fail(`latency must be a non-negative number of ms or { minMs, maxMs } with 0 <= minMs <= maxMs (got ${JSON.stringify(latency)})`);
}

export function validateBucket(bucket: unknown): BucketSetting {
  const { capacity, refillMs } = (bucket ?? {}) as { capacity?: unknown; refillMs?: unknown };
  if (!isNonNegativeInteger(capacity) || capacity < 1) fail(`bucket.capacity must be an integer >= 1 (got ${JSON.stringify(capacity)})`);
  if (!isNonNegativeNumber(refillMs) || refillMs <= 0) fail(`bucket.refillMs must be a number > 0 (got ${JSON.stringify(refillMs)})`);
  return { capacity, refillMs };
}

export function validateUser(user: unknown): SandboxUser {
  const { apiUser, apiKey, level } = (user ?? {}) as Partial<SandboxUser>;
  if (typeof apiUser !== 'string' || apiUser === '' || apiUser.includes(':')) fail('a user needs a non-empty apiUser without ":"');
  if (typeof apiKey !== 'string' || apiKey === '') fail(`user ${apiUser} needs a non-empty apiKey`);
  return { apiUser, apiKey, level: checkEnum(`level of user ${apiUser}`, level, LEVELS as SandboxUser['level'][]) };
}

export function validateStyles(styles: Partial<ResponseStyles>): Partial<ResponseStyles> {
  const checked: Partial<ResponseStyles> = {};
  if (styles.authFailureStyle !== undefined) checked.authFailureStyle = checkEnum<AuthFailureStyle>('authFailureStyle', styles.authFailureStyle, ['body200', 'status401']);
  if (styles.rateLimitStyle !== undefined) checked.rateLimitStyle = checkEnum<RateLimitStyle>('rateLimitStyle', styles.rateLimitStyle, ['body200', 'status429']);
  if (styles.notFoundStyle !== undefined) checked.notFoundStyle = checkEnum<NotFoundStyle>('notFoundStyle', styles.notFoundStyle, ['body200', 'status404']);
  return checked;
}

function resolveSeed(seed: SandboxOptions['seed']): { orders: number; skus: number } {
  if (seed === undefined || seed === true) return { ...DEFAULT_SEED };
  if (seed === false) return { orders: 0, skus: 0 };
  if (typeof seed !== 'object' || seed === null) return fail('seed must be a boolean or { orders?, skus? }');
  const orders = seed.orders ?? DEFAULT_SEED.orders;
  const skus = seed.skus ?? DEFAULT_SEED.skus;
  if (!isNonNegativeInteger(orders) || !isNonNegativeInteger(skus)) fail('seed.orders and seed.skus must be non-negative integers');
  return { orders, skus };
}

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const port = options.port ?? 0;
  if (!isNonNegativeInteger(port) || port > 65535) fail(`port must be an integer 0..65535 (got ${JSON.stringify(port)})`);
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') fail('host must be a non-empty string');
  const users = (options.users ?? DEMO_USERS).map(validateUser);
  const names = new Set<string>();
  for (const user of users) {
    if (names.has(user.apiUser)) fail(`duplicate apiUser ${user.apiUser}`);
    names.add(user.apiUser);
  }
  const cancelWindowMs = options.cancelWindowMs ?? 10 * 60 * 1000;
  if (!isNonNegativeNumber(cancelWindowMs)) fail(`cancelWindowMs must be a non-negative number (got ${JSON.stringify(cancelWindowMs)})`);
  const merchantKeysOnCartRoutes = options.merchantKeysOnCartRoutes ?? true;
  if (typeof merchantKeysOnCartRoutes !== 'boolean') fail(`merchantKeysOnCartRoutes must be a boolean (got ${JSON.stringify(merchantKeysOnCartRoutes)})`);
  if (options.log !== undefined && typeof options.log !== 'function') fail('log must be a function');
  if (options.clock !== undefined && typeof options.clock?.now !== 'function') fail('clock must have a now() function');
  const seed = resolveSeed(options.seed);
  const styles = validateStyles(options);
  return {
    port,
    host,
    users,
    seedOrders: seed.orders,
    seedSkus: seed.skus,
    bucket: validateBucket(options.bucket ?? { capacity: 100, refillMs: 600 }),
    latency: validateLatency(options.latency ?? 0),
    cancelWindowMs,
    merchantKeysOnCartRoutes,
    log: options.log,
    clock: options.clock ?? SYSTEM_CLOCK,
    authFailureStyle: styles.authFailureStyle ?? 'body200',
    rateLimitStyle: styles.rateLimitStyle ?? 'body200',
    notFoundStyle: styles.notFoundStyle ?? 'body200',
  };
}
