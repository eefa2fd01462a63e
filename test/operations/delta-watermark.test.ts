import { MAX_OVERLAP_KEYS, parseDeltaWatermark, serializeDeltaWatermark } from '../../src/operations';
import { OverlapDeduplicator } from '../../src/operations/exports/orders/overlap-deduplicator';

const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;

describe('delta watermark and overlap de-duplication', () => {
  it('round-trips, accepts a bare timestamp, and refuses unknown shapes', () => {
    const watermark = { version: 1 as const, since: '2024-05-01T10:00:00.000Z', overlapKeys: [['R1', '2024-05-01T09:58:12+00:00'] as const] };
    expect(parseDeltaWatermark(serializeDeltaWatermark(watermark))).toEqual(watermark);
    expect(parseDeltaWatermark('2024-05-01T10:00:00Z')).toEqual({ version: 1, since: '2024-05-01T10:00:00.000Z', overlapKeys: [] });
    expect(parseDeltaWatermark(undefined)).toBeUndefined();
    expect(() => parseDeltaWatermark('{"version":1,"since":"x","overlapKeys":[]}')).toThrow(/unknown shape/);
    expect(() => parseDeltaWatermark('garbage')).toThrow(/neither JSON nor a timestamp/);
  });

  it('skips a version seen before, admits a newer version of the same order', () => {
    const now = Date.parse('2024-05-01T10:00:00Z');
    const previous = { version: 1 as const, since: iso(now), overlapKeys: [['R1', iso(now - 60_000)] as const] };
    const deduplicator = new OverlapDeduplicator(previous, now - 300_000);
    expect(deduplicator.admit({ cust_ref: 'R1', updated_date_time: iso(now - 60_000) })).toBe(false);
    expect(deduplicator.admit({ cust_ref: 'R1', updated_date_time: iso(now - 1000) })).toBe(true);
    expect(deduplicator.admit({ cust_ref: 'R1', updated_date_time: iso(now - 1000) })).toBe(false);
  });

  it('keeps only keys inside the next overlap zone, and at most MAX_OVERLAP_KEYS (the newest)', () => {
    const keepFrom = Date.parse('2024-05-01T10:00:00Z');
    const deduplicator = new OverlapDeduplicator(undefined, keepFrom);
    expect(deduplicator.admit({ cust_ref: 'OLD', updated_date_time: iso(keepFrom - 1000) })).toBe(true);
    const count = MAX_OVERLAP_KEYS * 2 + 5;
    for (let n = 0; n < count; n += 1) deduplicator.admit({ cust_ref: `N${n}`, updated_date_time: iso(keepFrom + n * 1000) });
    const keys = deduplicator.overlapKeys();
    expect(keys).toHaveLength(MAX_OVERLAP_KEYS);
    expect(keys[0][0]).toBe(`N${count - 1}`);
    expect(keys.some(([ref]) => ref === 'OLD')).toBe(false);
  });
});
