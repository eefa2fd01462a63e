/** The sandbox's public types: other engineers code against exactly these (re-exported by index.ts). */
import type { OrderStatus } from './order-status';

export interface SandboxUser {
  apiUser: string;
  apiKey: string;
  level: 'cart' | 'merchant' | 'warehouse';
}

/** Added to every request while it is in flight: a fixed delay, or uniform random in [minMs, maxMs]. */
export type LatencySetting = number | { minMs: number; maxMs: number };

export type FaultKind = 'http500' | 'http503' | 'html502' | 'reset' | 'timeout' | 'rate_limit';

export interface FaultSpec {
  kind: FaultKind;
  /** Apply to the next N matching requests (default: unlimited while `rate` applies). */
  count?: number;
  /** Probability 0..1 per matching request (default 1). */
  rate?: number;
  /** Route key to match, e.g. 'POST /v1/cart/orders/cartrover' or 'GET /v1/merchant/inventory'; default all. */
  endpoint?: string;
  /** The request is processed (e.g. the order IS created) and then the fault replaces the answer. */
  afterHandling?: boolean;
  /** For 'timeout': how long to hold before destroying the socket (default 60000). */
  hangMs?: number;
}

export type AuthFailureStyle = 'body200' | 'status401';
export type RateLimitStyle = 'body200' | 'status429';
export type NotFoundStyle = 'body200' | 'status404';

export interface BucketSetting {
  capacity: number;
  refillMs: number;
}

/** The sandbox's time: order timestamps, the cancel window and the leaky buckets read it. */
export interface SandboxClock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface SandboxOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default: DEMO_USERS. */
  users?: SandboxUser[];
  /** Default true: 45 orders over every status and several weeks, 250 SKUs. */
  seed?: boolean | { orders?: number; skus?: number };
  /** Leaky bucket per API user; default { capacity: 100, refillMs: 600 }. */
  bucket?: BucketSetting;
  /** Default 'body200'. */
  authFailureStyle?: AuthFailureStyle;
  /** Default 'body200'; 429 carries Retry-After (seconds). */
  rateLimitStyle?: RateLimitStyle;
  /** Default 'body200'. */
  notFoundStyle?: NotFoundStyle;
  /** Default 0. */
  latency?: LatencySetting;
  /** How long after creation an order can be cancelled; default 10 minutes. */
  cancelWindowMs?: number;
  /**
   * Whether merchant keys may call the cart routes (create, update, cancel and read orders).
   * Unknown for the real API (reference §2); default true, so that one Merchant-level connection
   * passes Test (a merchant route) and can create orders. false: only cart keys may.
   */
  merchantKeysOnCartRoutes?: boolean;
  /** Optional request log; never receives keys. */
  log?: (line: string) => void;
  /** Default: the system clock. Tests pass one they move by hand instead of sleeping. */
  clock?: SandboxClock;
}

export interface SandboxCounters {
  /** By route key, e.g. 'GET /v1/merchant/inventory'. */
  requests: Record<string, number>;
  /** By apiUser, now. */
  inFlight: Record<string, number>;
  /** By apiUser, since the last reset. */
  maxInFlight: Record<string, number>;
  /** Across all users. */
  maxInFlightTotal: number;
  /** By group name (see defineGroup). */
  groupMaxInFlight: Record<string, number>;
  /** RateLimit errors answered (bucket and injected). */
  rateLimited: number;
  /** Create-order requests received, by cust_ref. */
  createAttempts: Record<string, number>;
  /** Successful creations by cust_ref (stays 1 when the client is idempotent). */
  ordersCreated: Record<string, number>;
}

export interface SandboxControl {
  setLatency(latency: LatencySetting): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Resets every user's bucket to full. */
  setBucket(bucket: BucketSetting): void;
  setStyles(styles: Partial<Pick<SandboxOptions, 'authFailureStyle' | 'rateLimitStyle' | 'notFoundStyle'>>): void;
  addUser(user: SandboxUser): void;
  /** Returns the new key; the old one stops working at once. */
  rotateKey(apiUser: string): string;
  /** Max in flight counted over these users together. */
  defineGroup(name: string, apiUsers: string[]): void;
  /** A snapshot (copies). */
  counters(): SandboxCounters;
  resetCounters(): void;
  /** Also bumps updated_date_time and sets the date the status is filtered on. */
  setOrderStatus(custRef: string, status: OrderStatus, opts?: { shipments?: unknown[] }): void;
  /** Snapshot of stored orders, as the view-order endpoint shows them (with extras). */
  orders(): ReadonlyArray<Record<string, unknown>>;
  clearOrders(): void;
}

export interface SandboxServer {
  url: string;
  port: number;
  control: SandboxControl;
  close(): Promise<void>;
}
