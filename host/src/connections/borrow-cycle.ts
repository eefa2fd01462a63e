import type { ConnectionSummary } from 'cartrover-connector/contracts';

/**
 * The cycle that following lenders from `connectionId` runs into, as names in order
 * (["A", "B", "A"]), or undefined when the chain ends at a root. Checked inside the write
 * transaction, over the rows as they are about to be stored, so two concurrent edits (A borrows
 * from B, B borrows from A) cannot both pass.
 */
export function borrowCycle(connectionId: string, connections: readonly ConnectionSummary[]): string[] | undefined {
  const byId = new Map(connections.map((connection) => [connection.id, connection]));
  const seen: string[] = [];
  let current = byId.get(connectionId);
  while (current) {
    const at = seen.indexOf(current.id);
    if (at >= 0) return [...seen.slice(at), current.id].map((id) => byId.get(id)?.name ?? id);
    seen.push(current.id);
    current = current.borrowConcurrencyFrom === null ? undefined : byId.get(current.borrowConcurrencyFrom);
  }
  return undefined;
}
