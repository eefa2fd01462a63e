/**
 * Where a connection's requests draw their concurrency from, as the plugin's lender rules see it:
 * the connection itself first, then its lender, the lender's lender… up to the root whose pool
 * they all use (`[A, B, C]` for A -> B -> C; `[A]` for a connection that borrows from none), or
 * the cycle the chain runs into (ids, first repeated last: `[B, C, B]`). The host asks it to
 * register a borrower's lenders with an integration and to refuse a save that closes a cycle.
 */
export type LenderChain = { readonly connectionIds: readonly string[] } | { readonly cycle: readonly string[] };
