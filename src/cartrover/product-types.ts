import type { NumericValue } from './api-level';

export interface CartRoverProductAlias {
  readonly code_type: string;
  readonly code: string;
}

/** `merchant/product/{sku}`. `last_updated_datetime` is "YYYY-MM-DD HH:MM:SS", not ISO. */
export interface CartRoverProduct {
  readonly sku: string;
  readonly name?: string | null;
  readonly description?: string | null;
  readonly retail_price?: NumericValue | null;
  readonly wholesale_price?: NumericValue | null;
  readonly weight_lbs?: NumericValue | null;
  readonly last_updated_datetime?: string | null;
  readonly aliases?: readonly CartRoverProductAlias[];
  readonly [field: string]: unknown;
}
