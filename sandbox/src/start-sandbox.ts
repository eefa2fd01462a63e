/** Builds the sandbox's parts, listens on loopback, and closes without leaving sockets or timers behind. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BucketRegistry } from './leaky-bucket';
import { CounterBook } from './counter-book';
import { DelayRegistry } from './delay-registry';
import { FaultPlan } from './fault-plan';
import type { LiveSettings } from './live-settings';
import { OrderStore } from './order-store';
import type { SandboxOptions, SandboxServer } from './public-types';
import { RequestPipeline } from './request-pipeline';
import { RouteTable } from './route-table';
import { allRoutes } from './routes/all-routes';
import { aliasLookup } from './routes/order-read-routes';
import { resolveOptions } from './sandbox-options';
import type { SandboxState } from './sandbox-state';
import { createControl } from './sandbox-control';
import { seedCatalog, seedOrders } from './seed-data';
import { SkuCatalog } from './sku-catalog';
import { UserDirectory } from './user-directory';

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxServer> {
  const resolved = resolveOptions(options);
  const { clock } = resolved;
  const now = clock.now();
  const state: SandboxState = { orders: new OrderStore(), catalog: new SkuCatalog(), counters: new CounterBook(), cancelWindowMs: resolved.cancelWindowMs };
  seedCatalog(state.catalog, resolved.seedSkus, now);
  seedOrders(state.orders, state.catalog, resolved.seedOrders, now);

  const routes = new RouteTable(allRoutes(state, resolved.merchantKeysOnCartRoutes));
  const settings: LiveSettings = {
    latency: resolved.latency,
    bucket: resolved.bucket,
    styles: { authFailureStyle: resolved.authFailureStyle, rateLimitStyle: resolved.rateLimitStyle, notFoundStyle: resolved.notFoundStyle },
  };
  const users = new UserDirectory(resolved.users);
  const buckets = new BucketRegistry(settings.bucket);
  const faults = new FaultPlan(routes.keys());
  const delays = new DelayRegistry();
  const pipeline = new RequestPipeline({ routes, users, buckets, faults, counters: state.counters, delays, settings, log: resolved.log, clock });

  const server = createServer((req, res) => void pipeline.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      delays.cancelAll(); // ends latency waits and hanging 'timeout' faults
      server.closeAllConnections(); // keep-alive and in-flight sockets
    });
    return closing;
  };

  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    control: createControl({ settings, faults, buckets, users, counters: state.counters, orders: state.orders, aliasesOf: aliasLookup(state), clock }),
    close,
  };
}
