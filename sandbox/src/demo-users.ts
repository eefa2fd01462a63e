import type { SandboxUser } from './public-types';

/** One user per API level, printed by the demo host; tests may rely on these exact values. */
export const DEMO_USERS: readonly SandboxUser[] = Object.freeze([
  Object.freeze({ apiUser: 'demo-merchant', apiKey: 'demo-merchant-key', level: 'merchant' as const }),
  Object.freeze({ apiUser: 'demo-cart', apiKey: 'demo-cart-key', level: 'cart' as const }),
  Object.freeze({ apiUser: 'demo-wms', apiKey: 'demo-wms-key', level: 'warehouse' as const }),
]);
