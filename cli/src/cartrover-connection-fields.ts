import type connectionSchema from 'cartrover-connector/schemas/cartrover-connection.schema.json';

/** A property of the CartRover connection form's schema: the schema owns the ids, the compiler checks these against it. */
type CartRoverFieldId = keyof (typeof connectionSchema)['properties'];

/**
 * The CartRover connection fields the CLI fills from its flags and environment (`--api-user`,
 * `CARTROVER_API_KEY`, `--concurrency`). The CLI is a host made for CartRover, so it names them;
 * they are the app's, not the host<->plugin contract's (which names only platform fields).
 */
export const API_USER_FIELD: CartRoverFieldId = 'apiUser';
export const API_KEY_FIELD: CartRoverFieldId = 'apiKey';
export const CONCURRENCY_LEVEL_FIELD: CartRoverFieldId = 'concurrencyLevel';
