/** The test/demo hooks of a running sandbox (SandboxControl). */
import type { BucketRegistry } from './leaky-bucket';
import type { CounterBook } from './counter-book';
import type { FaultPlan } from './fault-plan';
import { INCLUDE_EVERYTHING } from './include-flags';
import type { LiveSettings } from './live-settings';
import type { OrderStore } from './order-store';
import { orderView } from './order-views';
import type { AliasLookup } from './order-views';
import type { SandboxClock, SandboxControl } from './public-types';
import { validateBucket, validateLatency, validateStyles } from './sandbox-options';
import type { UserDirectory } from './user-directory';

export interface ControlDeps {
  settings: LiveSettings;
  faults: FaultPlan;
  buckets: BucketRegistry;
  users: UserDirectory;
  counters: CounterBook;
  orders: OrderStore;
  aliasesOf: AliasLookup;
  clock: SandboxClock;
}

export function createControl(deps: ControlDeps): SandboxControl {
  const { settings, faults, buckets, users, counters, orders } = deps;
  return {
    setLatency: (latency) => {
      settings.latency = validateLatency(latency);
    },
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    setBucket: (bucket) => {
      settings.bucket = validateBucket(bucket);
      buckets.reset(settings.bucket);
    },
    setStyles: (styles) => {
      settings.styles = { ...settings.styles, ...validateStyles(styles) };
    },
    addUser: (user) => users.add(user),
    rotateKey: (apiUser) => users.rotateKey(apiUser),
    defineGroup: (name, apiUsers) => counters.defineGroup(name, apiUsers),
    counters: () => counters.snapshot(),
    resetCounters: () => counters.reset(),
    setOrderStatus: (custRef, status, opts) => {
      orders.setStatus(custRef, status, deps.clock.now(), opts?.shipments);
    },
    orders: () => orders.all().map((order) => orderView(order, INCLUDE_EVERYTHING, deps.aliasesOf)),
    clearOrders: () => orders.clear(),
  };
}
