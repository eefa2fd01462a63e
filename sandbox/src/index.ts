/**
 * CartRover sandbox: a CartRover-compatible HTTP server on loopback that stands in for CartRover
 * in tests, benchmarks and the offline demo. It shares no code with the client (lint enforces it).
 *
 *   const sandbox = await startSandbox({ bucket: { capacity: 5, refillMs: 50 } });
 *   await fetch(`${sandbox.url}/v1/merchant/inventory?limit=1`, { headers: { authorization: basic } });
 *   sandbox.control.counters().maxInFlight['demo-merchant'];
 *   await sandbox.close();
 *
 * Options (all optional):
 * - port (0 = free port), host ('127.0.0.1').
 * - users: API users with a level (cart, merchant, warehouse); default DEMO_USERS
 *   (demo-merchant/demo-merchant-key, demo-cart/demo-cart-key, demo-wms/demo-wms-key).
 *   Cart keys may call /v1/cart/*, merchant keys /v1/merchant/*, warehouse keys /v1/merchant/* and
 *   /v1/wms/*; a key on another level's route is refused like a bad key.
 * - seed: true (45 orders SEED-0001.. over every status and the weeks before start, 250 SKUs
 *   CIO-1001..), false (nothing), or { orders, skus }.
 * - bucket: leaky bucket per API user, { capacity: 100, refillMs: 600 }; create-order is exempt.
 * - authFailureStyle 'body200' | 'status401', rateLimitStyle 'body200' | 'status429' (with
 *   Retry-After in seconds), notFoundStyle 'body200' | 'status404': the real statuses are unknown.
 * - latency: ms, or { minMs, maxMs } uniform per request; applied while the request is in flight.
 * - cancelWindowMs: how long after creation an order may be cancelled (10 minutes).
 * - merchantKeysOnCartRoutes: merchant keys may call the cart routes too (true).
 * - log: receives one line per request (method, path, status, user, duration; never keys).
 *
 * Choices where CartRover's behaviour is unknown are documented next to the code that makes them:
 * paging.ts (limit > 100 is an error), timestamps.ts (query dates), order-status.ts (`any`),
 * new-order.ts (required fields), order-store.ts (update/cancel rules), batch-answer.ts (arrays),
 * routes/all-routes.ts (levels), request-pipeline.ts (order of auth, faults and the bucket).
 */
export { startSandbox } from './start-sandbox';
export { DEMO_USERS } from './demo-users';
export { ORDER_STATUSES, STATUS_FILTERS } from './order-status';
export type { OrderStatus } from './order-status';
export type {
  AuthFailureStyle,
  BucketSetting,
  FaultKind,
  FaultSpec,
  LatencySetting,
  NotFoundStyle,
  RateLimitStyle,
  SandboxClock,
  SandboxControl,
  SandboxCounters,
  SandboxOptions,
  SandboxServer,
  SandboxUser,
} from './public-types';
