import { decimalValueOf } from '../record-checks/record-constraints';

/**
 * CartRover's charge field definitions (reference §6), checked only where the fields are present:
 *   line extended_amount = (price - discount) * quantity
 *   sub_total            = sum of line extended_amount
 *   sales_tax            = sum of line tax, when line tax is set
 *   grand_total          = sub_total + sales_tax + shipping_handling - order_discount
 * Returns the first inconsistency as a message naming the field, or undefined.
 */
export function findChargeInconsistency(order: Record<string, unknown>, tolerance: number): string | undefined {
  const items = order.items as readonly Record<string, unknown>[];
  const differs = (actual: number, expected: number): boolean => Math.abs(actual - expected) > tolerance + 1e-9;
  const present = decimalValueOf;

  // Each line's extended amount: as given, or computed when it can be; undefined when unknown.
  const extendedAmounts: (number | undefined)[] = [];
  for (const [index, line] of items.entries()) {
    const given = present(line.extended_amount);
    const price = present(line.price);
    const computed = price === undefined ? undefined : (price - (present(line.discount) ?? 0)) * (present(line.quantity) ?? 0);
    if (given !== undefined && computed !== undefined && differs(given, computed)) {
      return `items[${index}].extended_amount ${given} does not equal (price - discount) * quantity = ${round(computed)}`;
    }
    extendedAmounts.push(given ?? computed);
  }

  const subTotal = present(order.sub_total);
  if (subTotal !== undefined && extendedAmounts.every((amount) => amount !== undefined)) {
    const sum = extendedAmounts.reduce<number>((total, amount) => total + (amount as number), 0);
    if (differs(subTotal, sum)) return `sub_total ${subTotal} does not equal the sum of the lines' extended_amount = ${round(sum)}`;
  }

  const salesTax = present(order.sales_tax);
  const lineTaxes = items.map((line) => present(line.tax)).filter((tax): tax is number => tax !== undefined);
  if (salesTax !== undefined && lineTaxes.length > 0) {
    const sum = lineTaxes.reduce((total, tax) => total + tax, 0);
    if (differs(salesTax, sum)) return `sales_tax ${salesTax} does not equal the sum of the lines' tax = ${round(sum)}`;
  }

  const grandTotal = present(order.grand_total);
  if (grandTotal !== undefined && subTotal !== undefined) {
    const expected = subTotal + (salesTax ?? 0) + (present(order.shipping_handling) ?? 0) - (present(order.order_discount) ?? 0);
    if (differs(grandTotal, expected)) {
      return `grand_total ${grandTotal} does not equal sub_total + sales_tax + shipping_handling - order_discount = ${round(expected)}`;
    }
  }
  return undefined;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
