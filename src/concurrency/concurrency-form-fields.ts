import type connectionSchema from '../../schemas/cartrover-connection.schema.json';

/**
 * The concurrency feature's fields of the connection form, by id: the level a root connection's pool
 * gets (a schema property; its bounds and default are the schema's, see connection-level-range.ts),
 * and the read-only note (a JSON Forms `Label` of the UI schema) naming the shared pool. The pools
 * own them, not the host<->plugin contract: a host shows whatever the form renders.
 */
export const CONCURRENCY_LEVEL_FIELD: keyof (typeof connectionSchema)['properties'] = 'concurrencyLevel';
export const CONCURRENCY_POOL_NOTE_FIELD = 'concurrencyPool';
