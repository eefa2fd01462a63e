/** `wms/shipmethod/list` row. */
export interface CartRoverShipMethod {
  readonly carrier: string;
  readonly code: string;
  readonly description: string;
  readonly [field: string]: unknown;
}
