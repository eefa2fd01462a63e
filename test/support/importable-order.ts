import fields from './importable-order.json';

/**
 * A minimal valid `orders.create` record (one line) with the given `cust_ref`. Its other fields are
 * importable-order.json, which tools/time-first-import.js reads too (one order for tests and tool).
 */
export function importableOrder(custRef: string): Record<string, unknown> {
  return { cust_ref: custRef, ...structuredClone(fields) };
}
