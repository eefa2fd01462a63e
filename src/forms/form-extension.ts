import type { ConnectionValues, FormContext, RenderedField } from '../contracts';

/** A field while the engine is still deciding it; extensions may change any of its properties. */
export type DraftField = { -readonly [K in keyof RenderedField]: RenderedField[K] };

/** The form between the declarative rules and the final validation. */
export interface FormDraft {
  readonly appId: string;
  /** In display order; extensions may change fields but not add or remove them (notes are declared in the UI layout). */
  readonly fields: DraftField[];
  /** Field errors found by extensions (the engine adds schema errors after). */
  readonly errors: Record<string, string>;
}

/**
 * Behaviour a feature adds to a form that data alone cannot express (for example the borrowed-
 * concurrency adapter: the lender candidates, the shared-pool note, cycle errors).
 * Extensions run after the declarative rules and before validation; the engine then drops the
 * values of hidden fields and never requires them.
 */
export interface FormExtension {
  /** The app whose form this extends. */
  readonly appId: string;
  /**
   * Called once per render and per validate. `values` are normalised (trimmed, typed, blank → null)
   * and carry no secret; the draft's fields already reflect the layout's rules. Set options, values
   * of notes, visibility, or `draft.errors[fieldId]`; errors about hidden fields are dropped.
   */
  apply(draft: FormDraft, values: ConnectionValues, context: FormContext): void;
}

/** Multi-bound plugin token for {@link FormExtension}s. */
export const FORM_EXTENSION = Symbol.for('cartrover-connector/form-extension');
