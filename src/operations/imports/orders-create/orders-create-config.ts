/** The `orders.create` import's config after schemas/operations/orders.create.schema.json applied its defaults. */
export interface OrdersCreateConfig {
  readonly checkCharges: boolean;
  readonly chargeTolerance: number;
}
