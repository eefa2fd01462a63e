/**
 * Every CartRover operation (exports and imports) is multi-bound to this token; the app
 * contribution collects them with `getAll`. A global symbol, like the contract's tokens, so two
 * copies of this file still meet on it.
 */
export const CARTROVER_OPERATION = Symbol.for('cartrover-connector/operation');
