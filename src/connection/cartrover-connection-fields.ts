import type connectionSchema from '../../schemas/cartrover-connection.schema.json';

/** A property of the CartRover connection form's schema (the schema owns the ids; the compiler checks these against it). */
type CartRoverFieldId = keyof (typeof connectionSchema)['properties'];

/**
 * The CartRover connection's credentials, by form field id: the API user, and its key (a secret:
 * `writeOnly` in the schema, so the host stores it encrypted and shows it masked). They are the
 * CartRover app's, not the host<->plugin contract's: a host learns a form's fields and secrets from
 * the form itself.
 */
export const API_USER_FIELD: CartRoverFieldId = 'apiUser';
export const API_KEY_FIELD: CartRoverFieldId = 'apiKey';
