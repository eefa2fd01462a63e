import { injectable } from 'inversify';
import {
  BORROW_CONCURRENCY_FIELD,
  type ConnectionValues,
  type FormContext,
  type RenderedFieldOption,
} from '../../src/contracts';
import { CONCURRENCY_POOL_NOTE_FIELD } from '../../src/concurrency/concurrency-form-fields';
import { connectionLevelOf } from '../../src/concurrency/connection-level';
import { connectionLevelRange } from '../../src/concurrency/connection-level-range';
import type { DraftField, FormDraft, FormExtension } from '../../src/forms/form-extension';
import { BORROWING_APP_ID, borrowingAppConnections } from './borrowing-app';
import { BorrowAccountCache } from './borrow-account-cache';
import { lenderProblem } from './lender-check';

/** The note's text while the chosen lender cannot lend (unknown, or a cycle): the error says why. */
export const NO_SHARED_POOL_TEXT = 'No shared concurrency until a connection from the list is chosen';

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
 * Cost per render: linear in the connections. The borrow graph (roots and cycles, resolved in one
 * pass), the name order and the lender options are kept between renders while the account's ids,
 * names, lenders and offline flags stay the same ({@link BorrowAccountCache}); otherwise they are
 * rebuilt (the name order is the one n log n step).
 */
@injectable()
export class BorrowFormExtension implements FormExtension {
  readonly appId = BORROWING_APP_ID;
  /** The level a lender with a blank level shares (the form schema's `default`). */
  private readonly defaultLevel = connectionLevelRange(BORROWING_APP_ID).default;
  private readonly accounts = new BorrowAccountCache();
  /** The layout's blank option, kept as one array so the account's options can be reused. */
  private blank: { readonly from: readonly RenderedFieldOption[] | undefined; readonly options: readonly RenderedFieldOption[] } | undefined;

  apply(draft: FormDraft, values: ConnectionValues, context: FormContext): void {
    const lenderField = fieldOf(draft, BORROW_CONCURRENCY_FIELD);
    if (!lenderField) return;
    const connections = borrowingAppConnections(context.connections);
    const account = this.accounts.of(connections);
    const graph = account.graph;
    const selfId = context.connectionId;
    lenderField.options = account.lenderOptions(selfId, this.blankOption(lenderField));

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
      const root = connections[graph.positionOf(graph.rootIdOf(lenderId) ?? lenderId)!]!;
      note.value = `Shares concurrency with ${root.name}: level ${connectionLevelOf(root) ?? this.defaultLevel}`;
    }
  }

  /** The blank option(s) of the field's options as the layout planned them (the engine passes the same array each render). */
  private blankOption(field: DraftField): readonly RenderedFieldOption[] {
    if (this.blank === undefined || this.blank.from !== field.options) {
      this.blank = { from: field.options, options: Object.freeze((field.options ?? []).filter((option) => option.value === '')) };
    }
    return this.blank.options;
  }
}

function fieldOf(draft: FormDraft, id: string): DraftField | undefined {
  return draft.fields.find((field) => field.id === id);
}
