import { startSandbox, type SandboxServer } from '../../../sandbox/src';

/** A sandbox with one merchant API user per name, a bucket too large to rate-limit, and groups. */
export async function startSandboxWithMerchants(options: {
  readonly apiUsers: readonly string[];
  readonly groups?: Readonly<Record<string, readonly string[]>>;
  readonly latency: number | { minMs: number; maxMs: number };
}): Promise<SandboxServer> {
  const sandbox = await startSandbox({ latency: options.latency, bucket: { capacity: 100_000, refillMs: 1 }, seed: { orders: 0, skus: 3 } });
  for (const apiUser of options.apiUsers) sandbox.control.addUser({ apiUser, apiKey: keyOf(apiUser), level: 'merchant' });
  for (const [name, members] of Object.entries(options.groups ?? {})) sandbox.control.defineGroup(name, [...members]);
  sandbox.control.resetCounters();
  return sandbox;
}

export function keyOf(apiUser: string): string {
  return `${apiUser}-key`;
}

/** The ping request over Node's fetch: GET inventory?limit=1 with Basic auth; throws unless success_code. */
export async function fetchInventoryPage(baseUrl: string, apiUser: string, signal?: AbortSignal): Promise<void> {
  const response = await fetch(`${baseUrl}/v1/merchant/inventory?limit=1`, {
    headers: { authorization: `Basic ${Buffer.from(`${apiUser}:${keyOf(apiUser)}`).toString('base64')}` },
    signal,
  });
  const body = (await response.json()) as { success_code?: boolean };
  if (!response.ok || body.success_code !== true) throw new Error(`inventory request of ${apiUser} failed: HTTP ${response.status}`);
}

export const INVENTORY_ROUTE = 'GET /v1/merchant/inventory';
