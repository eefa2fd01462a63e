/**
 * Schema changes in order; each runs once, in a transaction, and is recorded in
 * `schema_migrations`. Never edit a shipped migration: add the next one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE host_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE connections (
        id             TEXT PRIMARY KEY,
        app_id         TEXT NOT NULL,
        name           TEXT NOT NULL,
        name_key       TEXT NOT NULL UNIQUE,          -- name folded for case-insensitive uniqueness
        values_json    TEXT NOT NULL,                 -- form values without secrets
        secrets_json   TEXT NOT NULL DEFAULT '{}',    -- ciphertexts by secret field id
        offline        INTEGER NOT NULL DEFAULT 0,
        last_test_json TEXT,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      );
      CREATE INDEX connections_by_app ON connections (app_id);
      CREATE TABLE integrations (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE integration_connections (
        integration_id TEXT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        connection_id  TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        registered_at  TEXT NOT NULL,
        PRIMARY KEY (integration_id, connection_id)
      );
      CREATE TABLE flows (
        id             TEXT PRIMARY KEY,
        integration_id TEXT NOT NULL REFERENCES integrations (id),
        name           TEXT NOT NULL,
        steps_json     TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      );
      -- Which connections a flow uses: the foreign key makes "delete a used connection" impossible
      -- even if a caller forgot to check.
      CREATE TABLE flow_connections (
        flow_id       TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
        role          TEXT NOT NULL CHECK (role IN ('source', 'destination')),
        connection_id TEXT NOT NULL REFERENCES connections (id),
        PRIMARY KEY (flow_id, role)
      );
      CREATE INDEX flow_connections_by_connection ON flow_connections (connection_id);
      CREATE TABLE runs (
        id          TEXT PRIMARY KEY,
        flow_id     TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
        status      TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        read        INTEGER NOT NULL DEFAULT 0,
        written     INTEGER NOT NULL DEFAULT 0,
        failed      INTEGER NOT NULL DEFAULT 0,
        skipped     INTEGER NOT NULL DEFAULT 0,
        errors_json TEXT NOT NULL DEFAULT '[]',
        message     TEXT,
        started_at  TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX runs_by_flow ON runs (flow_id, started_at);
      CREATE TABLE watermarks (
        flow_id    TEXT PRIMARY KEY REFERENCES flows (id) ON DELETE CASCADE,
        watermark  TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'flow schedules',
    // A flow's schedule (cron or interval, with its on/off switch) as JSON; NULL: runs by hand only.
    sql: `ALTER TABLE flows ADD COLUMN schedule_json TEXT;`,
  },
  {
    version: 3,
    name: 'versions for optimistic concurrency; runs owned by host instances',
    sql: `
      ALTER TABLE connections ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE integrations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE flows ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      -- One row per host process on this data folder; a run belongs to the instance that started it.
      CREATE TABLE host_instances (
        id           TEXT PRIMARY KEY,
        pid          INTEGER NOT NULL,
        started_at   TEXT NOT NULL,
        heartbeat_at INTEGER NOT NULL                 -- epoch milliseconds
      );
      ALTER TABLE runs ADD COLUMN owner_instance_id TEXT;
    `,
  },
  {
    version: 4,
    name: 'runs: partial and canceled statuses, a total, cancel requests',
    // SQLite cannot change a CHECK constraint in place: the table is rebuilt (nothing references runs).
    sql: `
      CREATE TABLE runs_next (
        id                  TEXT PRIMARY KEY,
        flow_id             TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
        status              TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'canceled')),
        read                INTEGER NOT NULL DEFAULT 0,
        written             INTEGER NOT NULL DEFAULT 0,
        failed              INTEGER NOT NULL DEFAULT 0,
        skipped             INTEGER NOT NULL DEFAULT 0,
        errors_json         TEXT NOT NULL DEFAULT '[]',
        message             TEXT,
        started_at          TEXT NOT NULL,
        finished_at         TEXT,
        owner_instance_id   TEXT,
        total               INTEGER,                 -- records the source said it has (a file), if known
        cancel_requested_at TEXT                     -- a Stop asked for on any host; the owner stops the run
      );
      INSERT INTO runs_next (id, flow_id, status, read, written, failed, skipped, errors_json, message, started_at, finished_at, owner_instance_id)
        SELECT id, flow_id, status, read, written, failed, skipped, errors_json, message, started_at, finished_at, owner_instance_id FROM runs ORDER BY rowid;
      DROP TABLE runs;
      ALTER TABLE runs_next RENAME TO runs;
      CREATE INDEX runs_by_flow ON runs (flow_id, started_at);
    `,
  },
  {
    version: 5,
    name: 'ended sessions (log out)',
    // A session cookie is an HMAC of the token; logging out records the cookie's hash until it
    // would have expired anyway, so every host on the folder refuses it from then on.
    sql: `
      CREATE TABLE ended_sessions (
        session_hash TEXT PRIMARY KEY,
        expires_at   INTEGER NOT NULL                 -- epoch milliseconds
      );
    `,
  },
  {
    version: 6,
    name: "failed records of a run (the errors download, to fix and re-run)",
    // Apart from runs: the run lists polled by the page never read them. At most 100 per run.
    sql: `
      CREATE TABLE run_failed_records (
        run_id       TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        record_index INTEGER NOT NULL,               -- the record's position in the run (0-based)
        record_json  TEXT NOT NULL,                  -- the record as the source gave it
        PRIMARY KEY (run_id, record_index)
      );
    `,
  },
  {
    version: 7,
    name: 'schedules fire once across the hosts of a data folder',
    // The latest due time of each flow's schedule some host claimed (see schedule-claim-repository.ts),
    // and which due time a scheduled run was started for.
    sql: `
      CREATE TABLE schedule_claims (
        flow_id     TEXT PRIMARY KEY REFERENCES flows (id) ON DELETE CASCADE,
        due_at      TEXT NOT NULL,                   -- ISO time, compared as text
        instance_id TEXT NOT NULL,
        claimed_at  TEXT NOT NULL
      );
      ALTER TABLE runs ADD COLUMN scheduled_for TEXT;
    `,
  },
];
