/** What route handlers work on: the stores, the counters they bump, and the cancel window. */
import type { CounterBook } from './counter-book';
import type { OrderStore } from './order-store';
import type { SkuCatalog } from './sku-catalog';

export interface SandboxState {
  orders: OrderStore;
  catalog: SkuCatalog;
  counters: CounterBook;
  cancelWindowMs: number;
}
