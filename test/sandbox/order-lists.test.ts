import { STATUS_FILTERS, startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { CART, call } from './sandbox-http';

type Row = Record<string, unknown>;

/** The date a list filter's window applies to (reference §5.5), from the view of an order. */
function filterDate(order: Row, filter: string): string {
  const shipmentDate = (order.shipments as Row[])[0]?.date as string;
  switch (STATUS_FILTERS[filter].dateField) {
    case 'created':
      return order.created_date_time as string;
    case 'deliveredToWms':
      return order.delivered_to_wms_date as string;
    case 'shipped':
      return shipmentDate;
    case 'canceled':
      return order.cancel_date as string;
    default:
      return '';
  }
}

async function listAll(sandbox: SandboxServer, status: string, query = ''): Promise<Row[]> {
  const rows: Row[] = [];
  for (let page = 1; ; page += 1) {
    const res = await call(sandbox, `/v1/merchant/orders/list/${status}?limit=7&page=${page}${query}`);
    expect(res.body.success_code).toBe(true);
    rows.push(...res.body.response);
    if (res.body.response.length < 7) return rows;
  }
}

describe('sandbox order lists', () => {
  let sandbox: SandboxServer;
  let seeded: Row[];
  beforeAll(async () => {
    // A big bucket: this file makes more than 100 calls and is not about the rate limit.
    sandbox = await startSandbox({ bucket: { capacity: 10000, refillMs: 600 } });
    seeded = [...sandbox.control.orders()];
  });
  afterAll(() => sandbox.close());

  it('seeds about 45 orders over every status', () => {
    expect(seeded.length).toBe(45);
    const statuses = new Set(seeded.map((o) => o.order_status));
    expect([...statuses].sort()).toEqual(['at_wms', 'canceled', 'confirmed', 'error', 'new', 'partial', 'shipped']);
  });

  it('pages with limit (default 20) and page, ending with a short page then []', async () => {
    const first = await call(sandbox, '/v1/merchant/orders/list/any');
    expect(first.body.response).toHaveLength(20);
    const pages = await Promise.all([1, 2, 3, 4].map((page) => call(sandbox, `/v1/merchant/orders/list/any?limit=20&page=${page}`)));
    expect(pages.map((p) => p.body.response.length)).toEqual([20, 20, 5, 0]);
    expect(pages[3].body).toEqual({ success_code: true, response: [] });
    const refs = pages.flatMap((p) => p.body.response.map((o: Row) => o.cust_ref));
    expect(new Set(refs).size).toBe(45);
    expect(pages[0].body.response).toEqual(first.body.response);
  });

  it('sorts by the filtered date ascending so paging is stable', async () => {
    const rows = await listAll(sandbox, 'any');
    const created = rows.map((o) => Date.parse(o.created_date_time as string));
    expect([...created].sort((a, b) => a - b)).toEqual(created);
  });

  it('accepts limit 100 and rejects limit 101 with Invalid (our documented choice)', async () => {
    expect((await call(sandbox, '/v1/merchant/orders/list/any?limit=100')).body.response).toHaveLength(45);
    expect((await call(sandbox, '/v1/merchant/orders/list/any?limit=101')).body).toEqual({
      success_code: false,
      error_code: 'Invalid',
      message: 'Invalid limit: 101 (the maximum is 100)',
    });
    for (const bad of ['limit=0', 'limit=abc', 'page=0', 'page=-1']) {
      expect((await call(sandbox, `/v1/merchant/orders/list/any?${bad}`)).body.error_code).toBe('Invalid');
    }
  });

  it('rejects an unknown status with Invalid', async () => {
    const res = await call(sandbox, '/v1/merchant/orders/list/lost');
    expect(res.body.success_code).toBe(false);
    expect(res.body.error_code).toBe('Invalid');
    expect(res.body.message).toMatch(/Invalid status: lost/);
  });

  it.each(Object.keys(STATUS_FILTERS))('filters list/%s by status (cart and merchant alike)', async (filter) => {
    const expected = seeded.filter((o) => STATUS_FILTERS[filter].statuses.includes(o.order_status as never)).map((o) => o.cust_ref);
    expect(expected.length).toBeGreaterThan(0);
    const rows = await listAll(sandbox, filter);
    expect(rows.map((o) => o.cust_ref).sort()).toEqual([...expected].sort());
    const cart = await call(sandbox, `/v1/cart/orders/list/${filter}?limit=100`, { as: CART });
    expect(cart.body.response.map((o: Row) => o.cust_ref).sort()).toEqual([...expected].sort());
  });

  it.each(['new', 'at_wms', 'shipped', 'partial', 'canceled', 'new_or_at_wms', 'shipped_or_confirmed', 'any'])(
    'windows list/%s on its own date field, both ends inclusive',
    async (filter) => {
      const candidates = seeded
        .filter((o) => STATUS_FILTERS[filter].statuses.includes(o.order_status as never))
        .sort((a, b) => Date.parse(filterDate(a, filter)) - Date.parse(filterDate(b, filter)));
      // A window from the 2nd to the 2nd-to-last candidate's date drops exactly the first and last.
      const from = filterDate(candidates[1], filter);
      const to = filterDate(candidates[candidates.length - 2], filter);
      const rows = await listAll(sandbox, filter, `&from_date=${encodeURIComponent(from)}&to_date=${encodeURIComponent(to)}`);
      expect(rows.map((o) => o.cust_ref)).toEqual(candidates.slice(1, -1).map((o) => o.cust_ref));
    },
  );

  it('windows confirmed and error on the confirmation and error dates', async () => {
    const confirmed = seeded.filter((o) => o.order_status === 'confirmed');
    const shipDate = Date.parse((confirmed[0].shipments as Row[])[0].date as string);
    // Confirmation comes 3 h after the shipment: a window ending 1 h after shipping excludes it.
    const to = new Date(shipDate + 3600e3).toISOString();
    const before = await listAll(sandbox, 'confirmed', `&to_date=${encodeURIComponent(to)}`);
    expect(before.map((o) => o.cust_ref)).not.toContain(confirmed[0].cust_ref);
    const errors = seeded.filter((o) => o.order_status === 'error');
    const created = Date.parse(errors[0].created_date_time as string);
    const windowed = await listAll(sandbox, 'error', `&from_date=${encodeURIComponent(new Date(created + 1000).toISOString())}&to_date=${encodeURIComponent(new Date(created + 2 * 3600e3).toISOString())}`);
    expect(windowed.map((o) => o.cust_ref)).toEqual([errors[0].cust_ref]);
  });

  it('reads %2B offsets, tolerates a raw + decoded as a space, accepts loose dates, rejects garbage', async () => {
    const newest = seeded[seeded.length - 1].created_date_time as string; // e.g. 2024-05-01T10:00:00+00:00
    expect(newest).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    const encoded = await call(sandbox, `/v1/merchant/orders/list/any?limit=100&from_date=${newest.replace('+', '%2B')}`);
    expect(encoded.body.response.map((o: Row) => o.cust_ref)).toEqual([seeded[seeded.length - 1].cust_ref]);
    const rawPlus = await call(sandbox, `/v1/merchant/orders/list/any?limit=100&from_date=${newest}`);
    expect(rawPlus.body.response).toEqual(encoded.body.response);
    const offset = newest.replace('+00:00', '%2B02:00'); // two hours earlier in UTC
    expect((await call(sandbox, `/v1/merchant/orders/list/any?limit=100&from_date=${offset}`)).body.response.length).toBeGreaterThanOrEqual(1);
    const day = newest.slice(0, 10).replace(/-0/g, '-');
    const loose = await call(sandbox, `/v1/merchant/orders/list/any?limit=100&from_date=${day}&to_date=${day}`);
    expect(loose.body.response.map((o: Row) => o.cust_ref)).toContain(seeded[seeded.length - 1].cust_ref);
    const bad = await call(sandbox, '/v1/merchant/orders/list/any?from_date=yesterday');
    expect(bad.body).toMatchObject({ success_code: false, error_code: 'Invalid' });
    expect(bad.body.message).toMatch(/from_date/);
  });

  it('filters by order_source', async () => {
    const res = await call(sandbox, '/v1/merchant/orders/list/any?limit=100&order_source=Amazon-US');
    expect(res.body.response.length).toBe(seeded.filter((o) => o.order_source === 'Amazon-US').length);
  });

  it('returns CartRover value types on list rows', async () => {
    const rows = await listAll(sandbox, 'partial');
    const row = rows[0];
    for (const field of ['record_no', 'total_qty', 'num_to_ship', 'num_shipped', 'sub_total', 'grand_total']) expect(typeof row[field]).toBe('string');
    expect(Number(row.num_shipped)).toBeGreaterThan(0);
    expect(Number(row.num_to_ship) + Number(row.num_shipped)).toBe(Number(row.total_qty));
    expect(row.created_date_time).toMatch(/\+00:00$/);
    expect(row.order_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(['Y', 'N']).toContain(row.on_hold);
    const item = (row.items as Row[])[0];
    expect(item.quantity).toMatch(/^\d+$/);
    expect(item.price).toMatch(/^\d+\.\d{4}$/);
    expect(item).toHaveProperty('Description');
    const shipment = (row.shipments as Row[])[0];
    expect(typeof shipment.tracking_no).toBe('string');
    expect(typeof (shipment.items as Row[])[0].quantity).toBe('string');
  });

  it('honours the include_* flags and rejects non Y/N values', async () => {
    const withFiltered = seeded.find((o) => (o.items as Row[]).some((i) => i.filtered_sku === 'Y'))!;
    const plain = await call(sandbox, `/v1/merchant/orders/${withFiltered.cust_ref}`);
    expect(plain.body.response.items.some((i: Row) => i.filtered_sku === 'Y')).toBe(false);
    expect(plain.body.response).not.toHaveProperty('extra_fields');
    const full = await call(sandbox, `/v1/merchant/orders/${withFiltered.cust_ref}?include_filtered_items=Y&include_order_extras=Y&include_line_extras=Y&include_aliases=Y`);
    expect(full.body.response.items.some((i: Row) => i.filtered_sku === 'Y')).toBe(true);
    expect(full.body.response.extra_fields).toEqual({ channel: withFiltered.order_source });
    expect(full.body.response.items[0]).toHaveProperty('extra_fields');
    expect(full.body.response.items[0]).toHaveProperty('aliases');
    expect((await call(sandbox, '/v1/merchant/orders/list/any?include_aliases=yes')).body.error_code).toBe('Invalid');
  });
});
