import { injectable } from 'inversify';
import {
  BORROW_CONCURRENCY_FIELD,
  type ConnectionSummary,
  type ConnectionValues,
  type FormContext,
  type RenderedFieldOption,
} from '../../src/contracts';
import { DEFAULT_CONCURRENCY_LEVEL } from '../../src/concurrency/concurrency-feature';
import type { DraftField, FormDraft, FormExtension } from '../../src/forms/form-extension';
import { cycleClosedBy, describeBorrowPath, resolveRootLender } from './borrow-graph';
import { BORROWING_APP_ID, borrowingAppConnections } from './borrowing-app';

/** The level field a lender's level replaces. */
export const CONCURRENCY_LEVEL_FIELD = 'concurrencyLevel';
/** The note (declared in the UI layout) that says which pool and level apply. */
export const CONCURRENCY_POOL_NOTE_FIELD = 'concurrencyPool';
export const NO_LENDER_LABEL = "None (use this connection's own level)";

/**
 * Shapes the CartRover connection form for borrowing: the lender candidates, the shared-pool note,
 * and errors for a lender that vanished or would close a cycle.
 *
 * Why this seam: the form engine asks every {@link FormExtension} multi-bound to FORM_EXTENSION,
 * so this adapter stays a plug-in (removing its binding removes the behaviour) and the forms know
 * nothing of pools, while the schema and layout stay plain data.
 */
@injectable()
export class BorrowFormExtension implements FormExtension {
  readonly appId = BORROWING_APP_ID;

  apply(draft: FormDraft, values: ConnectionValues, context: FormContext): void {
    const lenderField = fieldOf(draft, BORROW_CONCURRENCY_FIELD);
    if (!lenderField) return;
    const connections = borrowingAppConnections(context.connections);
    const selfId = context.connectionId;
    lenderField.options = lenderOptions(selfId, connections);

    const note = fieldOf(draft, CONCURRENCY_POOL_NOTE_FIELD);
    const lenderId = selectedLenderId(values, lenderField);
    if (lenderId === '') {
      if (note) hide(note);
      return;
    }
    const level = fieldOf(draft, CONCURRENCY_LEVEL_FIELD);
    if (level) hide(level); // the lender's level governs: hidden, so not required and not saved
    if (note) hide(note);

    const lender = connections.find((connection) => connection.id === lenderId);
    if (!lender) {
      draft.errors[BORROW_CONCURRENCY_FIELD] = 'The connection to borrow from no longer exists';
      return;
    }
    const closed = selfId === undefined ? undefined : cycleClosedBy(selfId, lenderId, connections);
    if (closed) {
      draft.errors[BORROW_CONCURRENCY_FIELD] =
        `Borrowing from ${lender.name} would close a cycle: ${describeBorrowPath(closed, connections)}`;
      return;
    }
    const resolution = resolveRootLender(lenderId, connections);
    if ('cycle' in resolution) {
      draft.errors[BORROW_CONCURRENCY_FIELD] =
        `${lender.name} borrows concurrency in a cycle (${describeBorrowPath(resolution.cycle, connections)}); choose another connection`;
      return;
    }
    if (note) {
      const root = connections.find((connection) => connection.id === resolution.rootId) ?? lender;
      note.visible = true;
      note.value = `Shares concurrency with ${root.name}: level ${root.concurrencyLevel ?? DEFAULT_CONCURRENCY_LEVEL}`;
    }
  }
}

/** Blank first, then the connections this one may borrow from, by name; offline ones say so. */
function lenderOptions(selfId: string | undefined, connections: readonly ConnectionSummary[]): RenderedFieldOption[] {
  const candidates = connections
    .filter((connection) => connection.id !== selfId)
    .filter((connection) => selfId === undefined || cycleClosedBy(selfId, connection.id, connections) === undefined)
    .filter((connection) => !('cycle' in resolveRootLender(connection.id, connections)))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  return [
    { value: '', label: NO_LENDER_LABEL },
    ...candidates.map((connection) => ({
      value: connection.id,
      label: connection.offline ? `${connection.name} (offline)` : connection.name,
    })),
  ];
}

function selectedLenderId(values: ConnectionValues, field: DraftField): string {
  const value = values[BORROW_CONCURRENCY_FIELD] ?? field.value;
  return value === null || value === undefined ? '' : String(value).trim();
}

function fieldOf(draft: FormDraft, id: string): DraftField | undefined {
  return draft.fields.find((field) => field.id === id);
}

function hide(field: DraftField): void {
  field.visible = false;
  field.required = false;
  field.value = '';
}
