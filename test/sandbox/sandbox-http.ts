/** Test helpers: plain fetch calls against a running sandbox (never the project's client). */
import type { SandboxServer } from '../../sandbox/src';

export const MERCHANT = { apiUser: 'demo-merchant', apiKey: 'demo-merchant-key' };
export const CART = { apiUser: 'demo-cart', apiKey: 'demo-cart-key' };
export const WMS = { apiUser: 'demo-wms', apiKey: 'demo-wms-key' };

export interface Credentials {
  apiUser: string;
  apiKey: string;
}

export interface CallOptions {
  as?: Credentials | null;
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  rawBody?: string;
  /** Send credentials as ?api_user=&api_key= instead of Basic. */
  queryAuth?: boolean;
  signal?: AbortSignal;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export function basicHeader({ apiUser, apiKey }: Credentials): string {
  return `Basic ${Buffer.from(`${apiUser}:${apiKey}`).toString('base64')}`;
}

export async function call(sandbox: SandboxServer, path: string, options: CallOptions = {}): Promise<CallResult> {
  const as = options.as === undefined ? MERCHANT : options.as;
  const url = new URL(path, sandbox.url);
  const headers: Record<string, string> = {};
  if (as && options.queryAuth) {
    url.searchParams.set('api_user', as.apiUser);
    url.searchParams.set('api_key', as.apiKey);
  } else if (as) {
    headers.authorization = basicHeader(as);
  }
  let payload: string | undefined = options.rawBody;
  if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method: options.method ?? (payload !== undefined ? 'POST' : 'GET'), headers, body: payload, signal: options.signal });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

export function newOrder(custRef: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cust_ref: custRef,
    ship_first_name: 'Test',
    ship_last_name: 'Buyer',
    ship_address_1: '351 Hitchcock Way',
    ship_city: 'Santa Barbara',
    ship_state: 'CA',
    ship_zip: '93105',
    ship_country: 'USA',
    ship_is_billing: true,
    items: [
      { item: 'CIO-1001', quantity: 2, price: 4.4 },
      { item: 'CIO-1002', quantity: 1, price: '5.00', extra_fields: { engraving: 'hi' } },
    ],
    ...extra,
  };
}

export function createOrder(sandbox: SandboxServer, body: unknown, as: Credentials = CART): Promise<CallResult> {
  return call(sandbox, '/v1/cart/orders/cartrover', { as, body });
}
