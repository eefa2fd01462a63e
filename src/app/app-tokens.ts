/** Plugin-internal tokens of the app feature (host-facing tokens live in src/contracts). */
export const APP_TOKENS = {
  /** The CartRover connections' {@link ConnectionPools}: the app's lifecycle as the host sees it. */
  ConnectionPools: Symbol.for('cartrover-connector/app/connection-pools'),
} as const;
