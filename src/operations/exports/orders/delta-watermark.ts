/**
 * The state a delta orders export leaves for its next run, kept by the host as a JSON string:
 *
 *   { "version": 1, "since": "2024-05-01T10:00:00.000Z", "overlapKeys": [["R1", "2024-05-01T09:58:12+00:00"], ...] }
 *
 * - `since`: OUR clock when the run that wrote it started. The next run reads from
 *   `since - overlap`: the overlap absorbs the skew between CartRover's clock and ours and changes
 *   committed while the previous run was paging.
 * - `overlapKeys`: [cust_ref, updated_date_time] of the orders already emitted whose update time
 *   falls inside the next run's overlap zone. An order read again with the same key is a repeat
 *   and is skipped; with a newer update time it changed and is emitted again.
 *
 * Bounded: only keys inside the overlap zone are kept, and at most MAX_OVERLAP_KEYS of them (the
 * newest). Dropping a key can only cause a repeat, never a miss: delivery is at least once.
 */
export interface DeltaWatermark {
  readonly version: 1;
  readonly since: string;
  readonly overlapKeys: readonly (readonly [custRef: string, updated: string])[];
}

export const MAX_OVERLAP_KEYS = 10_000;

export function parseDeltaWatermark(text: string | undefined): DeltaWatermark | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A bare timestamp (e.g. set by hand or by an older version) is a watermark without keys.
    if (!Number.isNaN(Date.parse(text))) return { version: 1, since: new Date(Date.parse(text)).toISOString(), overlapKeys: [] };
    throw new Error('The delta watermark of the previous run is neither JSON nor a timestamp; reset it to read everything again.');
  }
  const candidate = parsed as Partial<DeltaWatermark>;
  const validKeys =
    Array.isArray(candidate.overlapKeys) &&
    candidate.overlapKeys.every((key) => Array.isArray(key) && key.length === 2 && key.every((part) => typeof part === 'string'));
  if (candidate.version !== 1 || typeof candidate.since !== 'string' || Number.isNaN(Date.parse(candidate.since)) || !validKeys) {
    throw new Error('The delta watermark of the previous run has an unknown shape; reset it to read everything again.');
  }
  return { version: 1, since: candidate.since, overlapKeys: candidate.overlapKeys as DeltaWatermark['overlapKeys'] };
}

export function serializeDeltaWatermark(watermark: DeltaWatermark): string {
  return JSON.stringify(watermark);
}
