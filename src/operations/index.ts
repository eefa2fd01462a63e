/** CartRover operations: exports (source) and imports (destination) of flow steps. */
export { CARTROVER_OPERATION } from './operation-tokens';
export { bindOperationsFeature } from './operations-feature';
export { OrdersExportOperation } from './exports/orders/orders-export-operation';
export type { OrdersExportConfig } from './exports/orders/orders-export-config';
export { parseDeltaWatermark, serializeDeltaWatermark, MAX_OVERLAP_KEYS, type DeltaWatermark } from './exports/orders/delta-watermark';
export { InventoryExportOperation } from './exports/inventory/inventory-export-operation';
export { ProductsExportOperation } from './exports/products/products-export-operation';
export { OrdersCreateOperation } from './imports/orders-create/orders-create-operation';
export { validateOrderRecord } from './imports/orders-create/order-validation';
export { OrdersUpdateOperation } from './imports/orders-update/orders-update-operation';
export { OrdersCancelOperation } from './imports/orders-cancel/orders-cancel-operation';
