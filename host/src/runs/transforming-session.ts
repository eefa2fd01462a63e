import type { ImportSession, RecordResult } from 'cartrover-connector/contracts';
import type { RecordTransform } from '../flows/record-transform';

/**
 * The flow's transform between source and destination: each record is shaped before the
 * destination's session sees it. A record the transform drops is `skipped` (never sent); one it
 * fails on is a failed record with the transform's sentence; the others go on as transformed.
 */
export function transformingSession(session: ImportSession, transform: RecordTransform): ImportSession {
  return {
    get window() {
      return session.window;
    },
    async write(record: unknown, index: number): Promise<RecordResult> {
      const outcome = await transform.apply(record);
      if (outcome.kind === 'dropped') return { index, ok: true, status: 'skipped', message: "left out by the flow's transform" };
      if (outcome.kind === 'failed') return { index, ok: false, status: 'failed', message: outcome.message };
      return session.write(outcome.record, index);
    },
    close: () => session.close(),
  };
}
