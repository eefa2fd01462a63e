import type { Database } from 'better-sqlite3';
import type { FlowSchedule, FlowStep, StoredFlow } from './stored-records';

interface FlowRow {
  id: string;
  integration_id: string;
  name: string;
  steps_json: string;
  schedule_json: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

function fromRow(row: FlowRow): StoredFlow {
  const steps = JSON.parse(row.steps_json) as { source: FlowStep; destination: FlowStep; transform?: string };
  return {
    id: row.id,
    integrationId: row.integration_id,
    name: row.name,
    source: steps.source,
    destination: steps.destination,
    ...(steps.transform === undefined ? {} : { transform: steps.transform }),
    ...(row.schedule_json === null ? {} : { schedule: JSON.parse(row.schedule_json) as FlowSchedule }),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The steps and the transform between them (kept together: no column of its own). */
function stepsJson(flow: StoredFlow): string {
  return JSON.stringify({ source: flow.source, destination: flow.destination, ...(flow.transform === undefined ? {} : { transform: flow.transform }) });
}

function scheduleJson(flow: StoredFlow): string | null {
  return flow.schedule === undefined ? null : JSON.stringify(flow.schedule);
}

/** Flows, with the connections they use kept in a table of their own for referential integrity. */
export class FlowRepository {
  constructor(private readonly db: Database) {}

  insert(flow: StoredFlow): void {
    this.db
      .prepare('INSERT INTO flows (id, integration_id, name, steps_json, schedule_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(flow.id, flow.integrationId, flow.name, stepsJson(flow), scheduleJson(flow), flow.createdAt, flow.updatedAt);
    this.#recordConnections(flow);
  }

  /** Replaces name, steps and schedule (the integration stays). */
  update(flow: StoredFlow): void {
    this.db
      .prepare('UPDATE flows SET name = ?, steps_json = ?, schedule_json = ?, updated_at = ?, version = version + 1 WHERE id = ?')
      .run(flow.name, stepsJson(flow), scheduleJson(flow), flow.updatedAt, flow.id);
    this.db.prepare('DELETE FROM flow_connections WHERE flow_id = ?').run(flow.id);
    this.#recordConnections(flow);
  }

  #recordConnections(flow: StoredFlow): void {
    const use = this.db.prepare('INSERT INTO flow_connections (flow_id, role, connection_id) VALUES (?, ?, ?)');
    for (const role of ['source', 'destination'] as const) {
      const connectionId = flow[role].connectionId;
      if (connectionId !== undefined) use.run(flow.id, role, connectionId);
    }
  }

  get(id: string): StoredFlow | undefined {
    const row = this.db.prepare('SELECT * FROM flows WHERE id = ?').get(id) as FlowRow | undefined;
    return row && fromRow(row);
  }

  list(integrationId?: string): StoredFlow[] {
    const rows = integrationId === undefined
      ? this.db.prepare('SELECT * FROM flows ORDER BY created_at, rowid').all()
      : this.db.prepare('SELECT * FROM flows WHERE integration_id = ? ORDER BY created_at, rowid').all(integrationId);
    return (rows as FlowRow[]).map(fromRow);
  }

  /** Id and version of every flow with a schedule (on or off): what a host compares its timers with. */
  scheduleVersions(): Map<string, number> {
    const rows = this.db.prepare('SELECT id, version FROM flows WHERE schedule_json IS NOT NULL').all() as { id: string; version: number }[];
    return new Map(rows.map((row) => [row.id, row.version]));
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM flows WHERE id = ?').run(id).changes === 1;
  }

  /** Flows whose file step (read or write) names this file of the built-in file app. */
  usingFile(fileAppId: string, name: string): { id: string; name: string }[] {
    return this.list().filter((flow) => [flow.source, flow.destination].some((step) => step.appId === fileAppId && step.config.name === name)).map((flow) => ({ id: flow.id, name: flow.name }));
  }

  /** Flows with a step on this connection (optionally only those of one integration). */
  usingConnection(connectionId: string, integrationId?: string): { id: string; name: string }[] {
    const sql = `SELECT DISTINCT f.id, f.name FROM flows f JOIN flow_connections fc ON fc.flow_id = f.id
                 WHERE fc.connection_id = ?${integrationId === undefined ? '' : ' AND f.integration_id = ?'} ORDER BY f.created_at`;
    const parameters = integrationId === undefined ? [connectionId] : [connectionId, integrationId];
    return this.db.prepare(sql).all(...parameters) as { id: string; name: string }[];
  }
}
