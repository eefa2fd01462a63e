/**
 * Deterministic demo data: SKUs (enough for several inventory pages of 100) and orders spread
 * over every status and several weeks before the sandbox started, so date windows and paging
 * have something to find. Tests should read the actual values through control.orders().
 */
import type { OrderStatus } from './order-status';
import type { OrderStore } from './order-store';
import { SeededRandom } from './seeded-random';
import { defaultShipment } from './shipments';
import type { SkuCatalog, SkuRecord } from './sku-catalog';
import type { StoredOrder, StoredOrderLine } from './stored-order';
import { formatDateOnly, toWholeSecond } from './timestamps';
import { money } from './order-fields';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** 15 orders per cycle: 4 new, 3 at_wms, 3 shipped, 1 partial, 2 confirmed, 1 error, 1 canceled. */
const STATUS_CYCLE: readonly OrderStatus[] = [
  'new', 'at_wms', 'shipped', 'new', 'confirmed', 'at_wms', 'partial', 'new',
  'shipped', 'error', 'at_wms', 'confirmed', 'new', 'shipped', 'canceled',
];
const ORDER_SOURCES = ['Shopify-Store', 'APIAccess1', 'Amazon-US'];
const PEOPLE = [
  { first: 'Ada', last: 'Lovelace', city: 'Santa Barbara', state: 'CA', zip: '93105' },
  { first: 'Grace', last: 'Hopper', city: 'Arlington', state: 'VA', zip: '22201' },
  { first: 'Alan', last: 'Turing', city: 'Boston', state: 'MA', zip: '02110' },
  { first: 'Edsger', last: 'Dijkstra', city: 'Austin', state: 'TX', zip: '78701' },
];

export function seedCatalog(catalog: SkuCatalog, count: number, now: number): void {
  const random = new SeededRandom(1001);
  for (let i = 0; i < count; i += 1) {
    const retail = random.int(500, 9999) / 100;
    const aliases: Record<string, string> = {};
    if (i % 3 !== 0) aliases.UPC = String(100000000000 + i * 7919);
    if (i % 5 === 1) aliases.ALT_CODE = `ALT-${1001 + i}`;
    const warehouses = [{ id: '2352', name: 'EAST' }, ...(i % 4 === 0 ? [{ id: '2353', name: 'WEST' }] : [])].map((w) => {
      const onHand = random.int(0, 200);
      return { ...w, qtyOnHand: onHand, qtyAvailable: onHand - random.int(0, Math.min(onHand, 10)), wmsAt: toWholeSecond(now - random.int(1, 72) * HOUR) };
    });
    const record: SkuRecord = {
      sku: `CIO-${1001 + i}`,
      name: i % 10 === 9 ? null : `Sandbox product ${i + 1}`,
      description: `A wonderful sandbox product number ${i + 1}`,
      retailPrice: retail,
      wholesalePrice: i % 2 === 0 ? Math.round(retail * 60) / 100 : null,
      weightLbs: i % 3 === 0 ? null : random.int(1, 200) / 10,
      updatedAt: toWholeSecond(now - random.int(1, 30) * DAY),
      aliases,
      warehouses,
    };
    catalog.add(record);
  }
}

function seedLines(random: SeededRandom, skus: readonly SkuRecord[], orderIndex: number): StoredOrderLine[] {
  const count = random.int(1, 3);
  const lines: StoredOrderLine[] = [];
  for (let n = 0; n < count; n += 1) {
    const sku = skus.length > 0 ? random.pick(skus) : undefined;
    lines.push({
      lineNo: n + 1,
      item: sku?.sku ?? `CIO-${1001 + random.int(0, 99)}`,
      quantity: random.int(1, 4),
      price: sku?.retailPrice ?? random.int(500, 9999) / 100,
      discount: 0,
      addlDiscount: 0,
      tax: 0,
      shippingSurcharge: 0,
      description: sku?.name ?? null,
      lineItemId: String(50000 + orderIndex * 10 + n),
      filtered: false,
      extraFields: n === 0 ? { gift: orderIndex % 2 === 0 ? 'Y' : 'N' } : {},
    });
  }
  // Every 7th order has a line the merchant filtered out (shown only with include_filtered_items=Y).
  if (orderIndex % 7 === 3) {
    lines.push({ ...lines[0], lineNo: lines.length + 1, item: 'FILTERED-INSERT', price: 0, quantity: 1, filtered: true, extraFields: {}, description: 'Packing insert' });
  }
  return lines;
}

export function seedOrders(store: OrderStore, catalog: SkuCatalog, count: number, now: number): void {
  const random = new SeededRandom(2002);
  const skus = catalog.all();
  // Oldest first, 12 h apart, the newest 3 days before start: every lifecycle date stays in the past.
  const newest = now - 3 * DAY;
  for (let i = 0; i < count; i += 1) {
    const status = STATUS_CYCLE[i % STATUS_CYCLE.length];
    const created = toWholeSecond(newest - (count - 1 - i) * 12 * HOUR);
    const person = PEOPLE[i % PEOPLE.length];
    const lines = seedLines(random, skus, i);
    const subTotal = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
    const shipping = i % 2 === 0 ? 5.95 : 0;
    const custRef = `SEED-${String(i + 1).padStart(4, '0')}`;
    const order: Omit<StoredOrder, 'recordNo'> = {
      custRef,
      custPoNo: `PO-${custRef}`,
      orderSource: ORDER_SOURCES[i % ORDER_SOURCES.length],
      orderDate: formatDateOnly(created),
      status,
      dates: { created },
      updatedAt: created,
      createdAtMs: created,
      header: {
        ship_first_name: person.first,
        ship_last_name: person.last,
        ship_address_1: `${100 + i} Main Street`,
        ship_city: person.city,
        ship_state: person.state,
        ship_zip: person.zip,
        ship_country: 'USA',
        ship_address_type: 'R',
        cust_first_name: person.first,
        cust_last_name: person.last,
        cust_e_mail: `${person.first.toLowerCase()}@example.com`,
        carrier: 'USPS',
        ship_code: '01',
        currency_code: 'USD',
        pay_type: 'CA',
        sub_total: money(subTotal),
        order_discount: '0.00',
        sales_tax: '0.00',
        shipping_handling: money(shipping),
        grand_total: money(subTotal + shipping),
      },
      lines,
      shipments: [],
      extraFields: { channel: ORDER_SOURCES[i % ORDER_SOURCES.length] },
      errorReason: null,
    };
    const stored = store.insert(order);
    applySeedStatus(stored, status, created);
  }
}

/** Lifecycle dates a few hours apart after creation, consistent with the status. */
function applySeedStatus(order: StoredOrder, status: OrderStatus, created: number): void {
  const dates = order.dates;
  if (['at_wms', 'shipped', 'partial', 'confirmed'].includes(status)) dates.deliveredToWms = created + 2 * HOUR;
  if (['shipped', 'partial', 'confirmed'].includes(status)) {
    dates.shipped = created + DAY;
    order.shipments = [defaultShipment(order, dates.shipped, status === 'partial')];
  }
  if (status === 'confirmed') dates.confirmed = created + DAY + 3 * HOUR;
  if (status === 'error') {
    dates.error = created + HOUR;
    order.errorReason = 'Invalid ship-to address';
  }
  if (status === 'canceled') dates.canceled = created + HOUR / 2;
  order.updatedAt = Math.max(...Object.values(dates).filter((d): d is number => d !== undefined));
}
