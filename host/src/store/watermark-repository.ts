import type { Database } from 'better-sqlite3';

/** The delta watermark of each flow: where the next run's export starts. */
export class WatermarkRepository {
  constructor(private readonly db: Database) {}

  get(flowId: string): string | undefined {
    return this.db.prepare('SELECT watermark FROM watermarks WHERE flow_id = ?').pluck().get(flowId) as string | undefined;
  }

  set(flowId: string, watermark: string, at: string): void {
    this.db
      .prepare('INSERT INTO watermarks (flow_id, watermark, updated_at) VALUES (?, ?, ?) ON CONFLICT (flow_id) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at')
      .run(flowId, watermark, at);
  }
}
