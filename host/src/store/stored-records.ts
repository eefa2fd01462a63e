import type { ConnectionValues, TestResult } from 'cartrover-connector/contracts';

/** The outcome of the latest test, as stored and shown. */
export type StoredTestResult = TestResult & { readonly testedAt: string };

export interface StoredConnection {
  readonly id: string;
  readonly appId: string;
  readonly name: string;
  /** Non-secret form values, normalised by the app's form. */
  readonly values: ConnectionValues;
  /** Ciphertexts by secret field id (context: the connection id). */
  readonly secrets: Readonly<Record<string, string>>;
  readonly offline: boolean;
  readonly lastTest: StoredTestResult | null;
  /** Bumped by every edit: what `If-Match` / `version` are compared with (optimistic concurrency). */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StoredIntegration {
  readonly id: string;
  readonly name: string;
  readonly connectionIds: readonly string[];
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One end of a flow: which app, which connection, which operation with which config. */
export interface FlowStep {
  readonly appId: string;
  readonly connectionId?: string;
  readonly operation: string;
  readonly config: Record<string, unknown>;
}

/** When a flow runs by itself, in the host's time zone; `enabled: false` keeps it but pauses it. */
export type FlowSchedule =
  | { readonly enabled: boolean; readonly kind: 'cron'; readonly cron: string }
  | { readonly enabled: boolean; readonly kind: 'interval'; readonly every: number; readonly unit: ScheduleUnit };

export type ScheduleUnit = 'seconds' | 'minutes' | 'hours';

export interface StoredFlow {
  readonly id: string;
  readonly integrationId: string;
  readonly name: string;
  readonly source: FlowStep;
  readonly destination: FlowStep;
  readonly schedule?: FlowSchedule;
  /** A JSONata expression applied to each record between source and destination. */
  readonly transform?: string;
  /** Set by the store (1 on insert, bumped by every edit); compared with `If-Match`. */
  readonly version?: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * `partial`: some records written, some failed; `failed`: nothing written, or the run itself broke;
 * `canceled`: stopped by a user (what was in flight finished and is counted).
 */
export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'canceled';

/**
 * A record-level error carries the record's index in the run (and its order's `custRef` when the
 * destination or the record names one); a run-level one has neither.
 */
export interface RunError {
  readonly index?: number;
  readonly custRef?: string;
  readonly message: string;
}

export interface RunCounts {
  readonly read: number;
  readonly written: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface StoredRun extends RunCounts {
  readonly id: string;
  readonly flowId: string;
  readonly status: RunStatus;
  readonly errors: readonly RunError[];
  /** How many records the source has, when it knows (a file); with `percent` done (read of total). */
  readonly total?: number;
  readonly percent?: number;
  /** A user asked to stop the run (it is `running` until what is in flight has finished). */
  readonly cancelRequested?: boolean;
  /** Why a run failed as a whole (offline connection, read error, shutdown…). */
  readonly message?: string;
  /** A run its flow's schedule started: the due time it was started for (one run per due time, across hosts). */
  readonly scheduledFor?: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
}

