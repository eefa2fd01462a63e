/** A minimal valid `orders.create` record (one line) with the given `cust_ref`. */
export function importableOrder(custRef: string): Record<string, unknown> {
  return {
    cust_ref: custRef,
    ship_first_name: 'Ada',
    ship_last_name: 'Lovelace',
    ship_address_1: '1 Analytical Way',
    ship_city: 'London',
    ship_zip: 'N1 9GU',
    ship_country: 'GB',
    items: [{ item: 'CIO-1001', quantity: 1, price: 10 }],
  };
}
