import { injectable } from 'inversify';
import {
  BORROW_CONCURRENCY_FIELD,
  CONCURRENCY_POOL_NOTE_FIELD,
  type ConnectionSummary,
  type ConnectionValues,
  type FormContext,
  type RenderedFieldOption,
} from '../../src/contracts';
import { DEFAULT_CONCURRENCY_LEVEL } from '../../src/concurrency/concurrency-feature';
import type { DraftField, FormDraft, FormExtension } from '../../src/forms/form-extension';
import { BorrowGraph, describeBorrowPath } from './borrow-graph';
import { BORROWING_APP_ID, borrowingAppConnections } from './borrowing-app';

/** The note's text while the chosen lender cannot lend (unknown, or a cycle): the error says why. */
export const NO_SHARED_POOL_TEXT = 'No shared concurrency until a connection from the list is chosen';

/** One collator for every render: `localeCompare` with options builds one per comparison. */
const BY_NAME = new Intl.Collator(undefined, { sensitivity: 'base' });

/**
 * Shapes the CartRover connection form for borrowing: the lender candidates, the shared-pool
 * note's text, and errors for a lender that does not exist or would close a cycle.
 *
 * What it does not do: hide or show fields. Hiding the level and showing the note while a lender
 * is chosen are the UI layout's rules (data, one owner), which JSON Forms evaluates the same way.
 *
 * Why this seam: the form engine asks every {@link FormExtension} multi-bound to FORM_EXTENSION,
 * so this adapter stays a plug-in (removing its binding removes the behaviour) and the forms know
 * nothing of pools, while the schema and layout stay plain data.
 *
 * Cost: one {@link BorrowGraph} per render, so candidates, roots and cycles take one pass over the
 * connections (plus sorting the candidates by name).
 */
@injectable()
export class BorrowFormExtension implements FormExtension {
  readonly appId = BORROWING_APP_ID;

  apply(draft: FormDraft, values: ConnectionValues, context: FormContext): void {
    const lenderField = fieldOf(draft, BORROW_CONCURRENCY_FIELD);
    if (!lenderField) return;
    const connections = borrowingAppConnections(context.connections);
    const graph = new BorrowGraph(connections);
    const selfId = context.connectionId;
    lenderField.options = lenderOptions(lenderField, selfId, connections, graph);

    // Values are normalised: blank (whitespace too) is null, a numeric id is its string.
    const lenderId = values[BORROW_CONCURRENCY_FIELD];
    if (typeof lenderId !== 'string') return;
    const note = fieldOf(draft, CONCURRENCY_POOL_NOTE_FIELD);
    const problem = lenderProblem(lenderId, selfId, connections, graph);
    if (problem !== undefined) {
      draft.errors[BORROW_CONCURRENCY_FIELD] = problem;
      if (note) note.value = NO_SHARED_POOL_TEXT;
      return;
    }
    if (note) {
      const rootId = graph.rootIdOf(lenderId) ?? lenderId;
      const root = graph.get(rootId)!;
      note.value = `Shares concurrency with ${root.name}: level ${root.concurrencyLevel ?? DEFAULT_CONCURRENCY_LEVEL}`;
    }
  }
}

/** Why the chosen lender cannot lend, or undefined when it can. */
function lenderProblem(
  lenderId: string,
  selfId: string | undefined,
  connections: readonly ConnectionSummary[],
  graph: BorrowGraph<ConnectionSummary>,
): string | undefined {
  const lender = graph.get(lenderId);
  if (!lender) return `There is no CartRover connection with id "${lenderId}" to borrow concurrency from: choose one from the list`;
  const closed = selfId === undefined ? undefined : graph.cycleClosedBy(selfId, lenderId);
  if (closed) return `Borrowing from ${lender.name} would close a cycle: ${describeBorrowPath(closed, connections)}`;
  const resolution = graph.resolve(lenderId);
  if ('cycle' in resolution) {
    return `${lender.name} borrows concurrency in a cycle (${describeBorrowPath(resolution.cycle, connections)}); choose another connection`;
  }
  return undefined;
}

/**
 * The layout's blank option first, then the connections this one may borrow from, by name:
 * same app, not itself, not one that leads back to it (a cycle), not one stuck in a cycle;
 * offline ones say so.
 */
function lenderOptions(
  field: DraftField,
  selfId: string | undefined,
  connections: readonly ConnectionSummary[],
  graph: BorrowGraph<ConnectionSummary>,
): RenderedFieldOption[] {
  const leadsToSelf = selfId === undefined ? undefined : graph.reaches(selfId);
  const candidates = connections.filter(
    (connection) => connection.id !== selfId && !(leadsToSelf?.(connection.id) ?? false) && graph.rootIdOf(connection.id) !== undefined,
  );
  candidates.sort((a, b) => BY_NAME.compare(a.name, b.name));
  const options: RenderedFieldOption[] = (field.options ?? []).filter((option) => option.value === '');
  for (const connection of candidates) {
    options.push({ value: connection.id, label: connection.offline ? `${connection.name} (offline)` : connection.name });
  }
  return options;
}

function fieldOf(draft: FormDraft, id: string): DraftField | undefined {
  return draft.fields.find((field) => field.id === id);
}
