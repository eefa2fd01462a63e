import type { ConnectionSummary } from 'cartrover-connector/contracts';

/**
 * The connection followed by its lender, the lender's lender… up to the root. Stops at a missing
 * lender or a cycle (the form rejects cycles; this only must not loop).
 */
export function lenderChain(connectionId: string, connections: readonly ConnectionSummary[]): string[] {
  const byId = new Map(connections.map((connection) => [connection.id, connection]));
  const chain: string[] = [];
  let current = byId.get(connectionId);
  while (current && !chain.includes(current.id)) {
    chain.push(current.id);
    current = current.borrowConcurrencyFrom === null ? undefined : byId.get(current.borrowConcurrencyFrom);
  }
  return chain;
}
