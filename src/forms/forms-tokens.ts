/** Plugin-internal tokens of the forms feature (host-facing tokens live in src/contracts). */
export const FORMS_TOKENS = {
  /** The CartRover {@link ConnectionFormContribution} (a singleton {@link FormEngine}). */
  CartRoverConnectionForm: Symbol.for('cartrover-connector/forms/cartrover-connection-form'),
} as const;
