/** Plugin-internal tokens of the connection feature (host-facing tokens live in src/contracts). */
export const CONNECTION_TOKENS = {
  /**
   * The connection form the test handler validates with (a `ConnectionFormContribution`). The forms
   * feature binds it, so this folder needs no import of src/forms.
   */
  ConnectionForm: Symbol.for('cartrover-connector/connection/connection-form'),
  /** The CartRover `ConnectionTestHandler`. */
  TestHandler: Symbol.for('cartrover-connector/connection/test-handler'),
  /** `ConnectionClientFactory`: CartRover clients for stored connections and for unsaved values. */
  ClientFactory: Symbol.for('cartrover-connector/connection/client-factory'),
  /** The plugin's one `RateLimitPacerRegistry` (CartRover's bucket is per API user, per process). */
  RateLimitPacers: Symbol.for('cartrover-connector/connection/rate-limit-pacers'),
  /** Optional `TestTimeouts` of the test handler (default: 10 s request, 1.5 s permit wait). */
  TestTimeouts: Symbol.for('cartrover-connector/connection/test-timeouts'),
} as const;
