/** Tokens of the concurrency feature inside the plugin (not part of the host contract). */
export const CONCURRENCY_TOKENS = {
  /** A {@link LazyPoolBinding}: binds a stored connection to its pool on first use. */
  LazyPoolBinding: Symbol.for('cartrover-connector/concurrency/lazy-pool-binding'),
} as const;

/** Binds a connection the host's directory knows to its pool the first time a request needs it. */
export interface LazyPoolBinding {
  ensureBound(connectionId: string): Promise<void>;
}
