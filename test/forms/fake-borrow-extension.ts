import type { ConnectionSummary, ConnectionValues, FormContext } from '../../src/contracts';
import type { FormDraft, FormExtension } from '../../src/forms/form-extension';

/**
 * A stand-in for the borrowed-concurrency adapter's extension (adapters/borrowed-concurrency), doing
 * what DESIGN.md §4 asks of it, so that the engine's seam can be tested on its own: lender
 * candidates (same app, not itself, no cycle, "(offline)" labels), the shared-pool note (root lender
 * and its level) and a cycle error naming the cycle.
 */
export class FakeBorrowExtension implements FormExtension {
  readonly appId = 'cartrover';

  apply(draft: FormDraft, values: ConnectionValues, context: FormContext): void {
    const self = context.connectionId;
    const byId = new Map(context.connections.map((connection) => [connection.id, connection]));
    const lenderField = draft.fields.find((field) => field.id === 'borrowConcurrencyFrom');
    const note = draft.fields.find((field) => field.id === 'concurrencyPool');
    if (!lenderField || !note) return;

    const candidates = context.connections
      .filter((connection) => connection.appId === this.appId && connection.id !== self)
      .filter((connection) => self === undefined || !chainOf(connection.id, byId).includes(self))
      .sort((a, b) => a.name.localeCompare(b.name));
    lenderField.options = [
      ...(lenderField.options ?? []).filter((option) => option.value === ''),
      ...candidates.map((connection) => ({
        value: connection.id,
        label: connection.offline ? `${connection.name} (offline)` : connection.name,
      })),
    ];

    const lenderId = values.borrowConcurrencyFrom;
    if (typeof lenderId !== 'string') return;
    const chain = chainOf(lenderId, byId);
    if (self !== undefined && chain.includes(self)) {
      const names = [self, ...chain.slice(0, chain.indexOf(self) + 1)].map((id) => byId.get(id)?.name ?? id);
      draft.errors.borrowConcurrencyFrom = `Borrowing from this connection would close a cycle: ${names.join(' → ')}`;
      return;
    }
    const root = byId.get(chain[chain.length - 1] ?? lenderId);
    if (root) note.value = `Shares concurrency with ${root.name}: level ${root.concurrencyLevel ?? 5}`;
  }
}

/** The lender chain starting at `id` (itself first), stopping at the root or when a cycle repeats. */
function chainOf(id: string, byId: ReadonlyMap<string, ConnectionSummary>): string[] {
  const chain: string[] = [];
  let current: string | null | undefined = id;
  while (current && !chain.includes(current)) {
    chain.push(current);
    current = byId.get(current)?.borrowConcurrencyFrom;
  }
  return chain;
}
