import type connectionSchema from 'cartrover-connector/schemas/cartrover-connection.schema.json';

/** A property of the CartRover connection form's schema: the schema owns the ids, the compiler checks these against it. */
type CartRoverFieldId = keyof (typeof connectionSchema)['properties'];

/**
 * The CartRover connection fields that the `cartrover-connection` config node keeps as its own
 * properties and credentials (`apiUser` text, `apiKey` password, `concurrencyLevel`). Node-RED is
 * a host made for CartRover here, so it names them; they are the app's, not the host<->plugin
 * contract's (which names only platform fields).
 */
export const API_USER_FIELD: CartRoverFieldId = 'apiUser';
export const API_KEY_FIELD: CartRoverFieldId = 'apiKey';
export const CONCURRENCY_LEVEL_FIELD: CartRoverFieldId = 'concurrencyLevel';
