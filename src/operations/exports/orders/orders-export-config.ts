import type { ApiLevel, OrderStatusFilter } from '../../../cartrover';

/** The `orders` export's config after schemas/operations/orders.schema.json applied its defaults. */
export interface OrdersExportConfig {
  readonly status: OrderStatusFilter;
  readonly level: ApiLevel;
  readonly fromDate?: string;
  readonly toDate?: string;
  readonly includeFilteredItems: boolean;
  readonly includeOrderExtras: boolean;
  readonly includeLineExtras: boolean;
  readonly includeAliases: boolean;
  readonly pageSize: number;
  readonly pagesInFlight: number;
  readonly delta: boolean;
  readonly deltaOverlapMinutes: number;
}
