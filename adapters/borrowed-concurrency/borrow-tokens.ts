/**
 * Tokens of the borrowed-concurrency adapter. The app contribution injects the lifecycle by this
 * token and hands it to the host as its {@link ConnectionLifecycle}.
 */
export const BORROWED_CONCURRENCY_TOKENS = {
  /** {@link BorrowedConcurrencyLifecycle}: keeps pools and bindings in step with the connections. */
  Lifecycle: Symbol.for('cartrover-connector/borrowed-concurrency/lifecycle'),
} as const;
