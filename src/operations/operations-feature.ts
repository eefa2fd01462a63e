import type { ContainerModuleLoadOptions, Newable } from 'inversify';
import type { OperationContribution } from '../contracts';
import { InventoryExportOperation } from './exports/inventory/inventory-export-operation';
import { OrdersExportOperation } from './exports/orders/orders-export-operation';
import { ProductsExportOperation } from './exports/products/products-export-operation';
import { OrdersCancelOperation } from './imports/orders-cancel/orders-cancel-operation';
import { OrdersCreateOperation } from './imports/orders-create/orders-create-operation';
import { OrdersUpdateOperation } from './imports/orders-update/orders-update-operation';
import { CARTROVER_OPERATION } from './operation-tokens';

/** Every CartRover operation, sources first, in the order a host should list them. */
export const CARTROVER_OPERATION_CLASSES: readonly Newable<OperationContribution>[] = [
  OrdersExportOperation,
  InventoryExportOperation,
  ProductsExportOperation,
  OrdersCreateOperation,
  OrdersUpdateOperation,
  OrdersCancelOperation,
];

/**
 * Binds each operation as a singleton under its class and multi-binds it to CARTROVER_OPERATION
 * with `toService` (never `rebind`: that would drop the other bindings of the token). The app
 * contribution collects them with `getAll(CARTROVER_OPERATION)`.
 * Needs CONNECTION_TOKENS.ClientFactory and TOKENS.Clock bound (the connection feature and the
 * fallback services).
 */
export function bindOperationsFeature({ bind }: ContainerModuleLoadOptions): void {
  for (const operation of CARTROVER_OPERATION_CLASSES) {
    bind(operation).toSelf().inSingletonScope();
    bind<OperationContribution>(CARTROVER_OPERATION).toService(operation);
  }
}
