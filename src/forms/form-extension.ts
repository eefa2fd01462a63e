import type { ConnectionValues, FormContext, RenderedField, RenderedFieldOption } from '../contracts';

/**
 * A field while the engine is still deciding it. Visibility, enablement and `required` are the UI
 * layout's rules alone (data, one owner, so JSON Forms and the engine agree): an extension may
 * only fill what data cannot hold, a select's `options` and a note's `value` (its text).
 */
export type DraftField = Readonly<Omit<RenderedField, 'options' | 'value'>> & {
  options?: readonly RenderedFieldOption[];
  value: string;
};

/** The form between the declarative rules and the final validation. */
export interface FormDraft {
  readonly appId: string;
  /** In display order; extensions may not add or remove fields (notes are declared in the UI layout). */
  readonly fields: readonly DraftField[];
  /** Field errors found by extensions (the engine adds schema errors after); errors of hidden fields are dropped. */
  readonly errors: Record<string, string>;
}

/**
 * Behaviour a feature adds to a form that data alone cannot express (for example the borrowed-
 * concurrency adapter: the lender candidates, the shared-pool note's text, cycle errors).
 * Extensions run after the declarative rules and before validation. The engine takes from the
 * draft only the options of selects, the values of notes and the errors.
 */
export interface FormExtension {
  /** The app whose form this extends. */
  readonly appId: string;
  /**
   * Called once per render and per validate. `values` are normalised (trimmed, typed, blank → null,
   * ids as strings) and carry no secret; the draft's fields already reflect the layout's rules.
   */
  apply(draft: FormDraft, values: ConnectionValues, context: FormContext): void;
}

/** Multi-bound plugin token for {@link FormExtension}s. */
export const FORM_EXTENSION = Symbol.for('cartrover-connector/form-extension');
