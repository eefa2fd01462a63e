/**
 * The UI layout dialect (documented in schemas/README.md): a JSON Forms-style tree of
 * `VerticalLayout` > `Group` > `Control` | `Note`, with JSON Forms rules whose conditions are
 * JSON Schemas evaluated by the form's ajv instance.
 */
export type RuleEffect = 'HIDE' | 'SHOW' | 'DISABLE' | 'ENABLE';

export interface UiRule {
  readonly effect: RuleEffect;
  /** The rule fires when the value at `scope` (blank or absent: `null`) validates against `schema`. */
  readonly condition: { readonly scope: string; readonly schema: Record<string, unknown> };
}

export interface UiControl {
  readonly type: 'Control';
  /** `#/properties/<field id>` of the values schema. */
  readonly scope: string;
  readonly label: string;
  readonly options?: {
    readonly widget?: 'text' | 'select';
    /** Label of the blank option of a select (its value is `""`). */
    readonly blankLabel?: string;
    readonly help?: string;
  };
  readonly rule?: UiRule;
}

/** Read-only text that is not a value (extensions set its text). */
export interface UiNote {
  readonly type: 'Note';
  readonly id: string;
  readonly label: string;
  readonly text: string;
  readonly help?: string;
  readonly rule?: UiRule;
}

export interface UiGroup {
  readonly type: 'Group';
  readonly label: string;
  readonly elements: readonly (UiControl | UiNote)[];
}

export interface UiLayout {
  readonly type: 'VerticalLayout';
  readonly elements: readonly UiGroup[];
}

const SCOPE_PATTERN = '^#/properties/[A-Za-z_][A-Za-z0-9_]*$';

const ruleSchema = {
  type: 'object',
  required: ['effect', 'condition'],
  additionalProperties: false,
  properties: {
    effect: { enum: ['HIDE', 'SHOW', 'DISABLE', 'ENABLE'] },
    condition: {
      type: 'object',
      required: ['scope', 'schema'],
      additionalProperties: false,
      properties: { scope: { type: 'string', pattern: SCOPE_PATTERN }, schema: { type: 'object' } },
    },
  },
};

/** JSON Schema of the dialect itself: a layout file is checked against it when a form is built. */
export const UI_LAYOUT_SCHEMA = {
  type: 'object',
  required: ['type', 'elements'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    type: { const: 'VerticalLayout' },
    elements: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'label', 'elements'],
        additionalProperties: false,
        properties: {
          type: { const: 'Group' },
          label: { type: 'string', minLength: 1 },
          elements: {
            type: 'array',
            items: {
              oneOf: [
                {
                  type: 'object',
                  required: ['type', 'scope', 'label'],
                  additionalProperties: false,
                  properties: {
                    type: { const: 'Control' },
                    scope: { type: 'string', pattern: SCOPE_PATTERN },
                    label: { type: 'string', minLength: 1 },
                    options: {
                      type: 'object',
                      additionalProperties: false,
                      properties: {
                        widget: { enum: ['text', 'select'] },
                        blankLabel: { type: 'string', minLength: 1 },
                        help: { type: 'string' },
                      },
                    },
                    rule: ruleSchema,
                  },
                },
                {
                  type: 'object',
                  required: ['type', 'id', 'label', 'text'],
                  additionalProperties: false,
                  properties: {
                    type: { const: 'Note' },
                    id: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
                    label: { type: 'string', minLength: 1 },
                    text: { type: 'string' },
                    help: { type: 'string' },
                    rule: ruleSchema,
                  },
                },
              ],
            },
          },
        },
      },
    },
  },
} as const;

/** The field id a `#/properties/<id>` scope points at. */
export function fieldIdOfScope(scope: string): string {
  return scope.slice('#/properties/'.length);
}
