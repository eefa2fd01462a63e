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
  /** The same form for JSON Forms (3.x, default setup): it shows exactly what `fields` says. */
  readonly jsonForms: JsonFormsForm;
}

/**
 * A rendered form as JSON Forms loads it (`Actions.init(data, schema, uischema)` with JSON Forms'
 * own `createAjv()`): plain draft-07 keywords only, every value a string as in `fields`.
 */
export interface JsonFormsForm {
  readonly schema: JsonFormsSchema;
  readonly uischema: JsonFormsLayout;
  /**
   * The value of every control by field id (notes have none): `""` for a blank text field; a blank
   * select is absent (each renderer set shows its own one "None", which sets it undefined). A secret
   * is what the host passed in when one was typed (so re-rendering on change keeps it), absent when
   * a stored one applies (posting the data back then omits it: "keep the stored one"; the schema's
   * description says one is stored), else `""`; `fields[].value` never carries a typed secret.
   */
  readonly data: Readonly<Record<string, string>>;
  /**
   * The server's messages (`errors`) for JSON Forms' `additionalErrors` prop: each at its control,
   * selects included (`parentSchema` is the control's property schema, which JSON Forms needs to
   * keep a message on a one-of select whose value is not an option).
   */
  readonly additionalErrors: readonly JsonFormsError[];
}

/** An Ajv-style error as JSON Forms' `additionalErrors` takes it. */
export interface JsonFormsError {
  /** `/<field id>`. */
  readonly instancePath: string;
  /** `#/properties/<field id>`. */
  readonly schemaPath: string;
  readonly keyword: 'server';
  readonly message: string;
  readonly params: Readonly<Record<string, never>>;
  readonly parentSchema: JsonFormsPropertySchema;
}

export interface JsonFormsSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, JsonFormsPropertySchema>>;
  /** The fields `fields` marks required (visible ones only). */
  readonly required: readonly string[];
}

export interface JsonFormsPropertySchema {
  readonly type: 'string';
  readonly title: string;
  /** The field's help text (JSON Forms shows a schema description as the hint). */
  readonly description?: string;
  readonly writeOnly?: true;
  /** A select's options but the blank one, as JSON Forms' one-of enum (only the blank one when it has no other). */
  readonly oneOf?: readonly JsonFormsOption[];
}

export interface JsonFormsOption {
  readonly const: string;
  readonly title: string;
}

/** A JSON Forms rule: the condition's schema is evaluated against the data value at `scope`. */
export interface JsonFormsRule {
  readonly effect: 'HIDE' | 'SHOW' | 'DISABLE' | 'ENABLE';
  readonly condition: { readonly scope: string; readonly schema: JsonSchema };
}

export interface JsonFormsControl {
  readonly type: 'Control';
  /** `#/properties/<field id>`. */
  readonly scope: string;
  readonly label: string;
  /**
   * `format: "password"` for secrets (the option JSON Forms' text renderers read). On selects:
   * `autocomplete: false` (the Material renderers then show a select with the options' titles;
   * their autocomplete first shows the raw value, an id), and `hideEmptyOption` while the blank
   * option is the only one.
   */
  readonly options?: { readonly format?: 'password'; readonly autocomplete?: false; readonly hideEmptyOption?: true };
  readonly rule?: JsonFormsRule;
}

/** A note: read-only text. */
export interface JsonFormsLabel {
  readonly type: 'Label';
  readonly text: string;
  readonly rule?: JsonFormsRule;
}

export interface JsonFormsGroup {
  readonly type: 'Group';
  readonly label: string;
  readonly elements: readonly (JsonFormsControl | JsonFormsLabel)[];
}

export interface JsonFormsLayout {
  readonly type: 'VerticalLayout';
  readonly elements: readonly JsonFormsGroup[];
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
  /**
   * Ids of the secret fields (derived from the schema's `writeOnly`; rendered as `password`). A host
   * learns from them alone which values to encrypt, mask in its answers and censor in its logs:
   * it names no app's secret field itself.
   */
  readonly secretFields: readonly string[];
  /** Renders the form for these values. Fast: it runs for every keystroke. */
  render(values: ConnectionValues, context: FormContext): RenderedForm;
  /**
   * Validates values for saving and normalises them: trimmed, typed, hidden fields dropped.
   * A secret is in the result only when one was typed; an omitted (or blank) one over a stored one
   * stays omitted, and the host keeps what it stored (the host alone decides keep or replace).
   * Which secrets are stored comes from the context (`storedSecrets` of the connection edited).
   */
  validate(values: ConnectionValues, context: FormContext): FormValidation;
}
