import type { ConnectionSummary, ConnectionValues } from './connection';
import type { JsonSchema } from './json-schema';

export type RenderedFieldType = 'text' | 'password' | 'select' | 'note';

export interface RenderedFieldOption {
  readonly value: string;
  readonly label: string;
}

/** One field of a rendered form, in display order. Secrets never carry their value. */
export interface RenderedField {
  readonly id: string;
  readonly label: string;
  readonly type: RenderedFieldType;
  readonly required: boolean;
  readonly visible: boolean;
  readonly disabled: boolean;
  /** Strings only: `""` for blank; a secret is `""`, or `"******"` when one is stored. */
  readonly value: string;
  readonly options?: readonly RenderedFieldOption[];
  readonly help?: string;
  readonly group?: string;
}

/** The form as the server decides it: the single source of truth for visibility and validity. */
export interface RenderedForm {
  readonly appId: string;
  readonly fields: readonly RenderedField[];
  readonly valid: boolean;
  /** Messages by field id, for visible fields only. */
  readonly errors: Readonly<Record<string, string>>;
}

/** What the form needs to know beyond the values. */
export interface FormContext {
  /** The connection being edited, if any (it cannot lend to itself). */
  readonly connectionId?: string;
  /** Every connection of the account (any app): candidates for borrowing and name uniqueness. */
  readonly connections: readonly ConnectionSummary[];
}

export type FormValidation =
  | { readonly ok: true; readonly values: ConnectionValues }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/** The connection form of an app: schema as data, rendering and validation from the same source. */
export interface ConnectionFormContribution {
  /** JSON Schema (draft 2020-12) of the values; secrets are marked `writeOnly: true`. */
  readonly schema: JsonSchema;
  /** Ids of the secret fields (derived from the schema). */
  readonly secretFields: readonly string[];
  /** Renders the form for these values. Fast: it runs for every keystroke. */
  render(values: ConnectionValues, context: FormContext): RenderedForm;
  /**
   * Validates values for saving and normalises them: trimmed, typed, hidden fields dropped.
   * Secrets in the result are whatever was given (maybe the mask): the host resolves those.
   */
  validate(values: ConnectionValues, context: FormContext): FormValidation;
}
