import type {
  JsonFormsControl,
  JsonFormsError,
  JsonFormsForm,
  JsonFormsGroup,
  JsonFormsLabel,
  JsonFormsOption,
  JsonFormsPropertySchema,
  JsonFormsRule,
  RenderedField,
  RenderedFieldOption,
} from '../contracts';
import type { ControlPlan, FieldPlan } from './form-field-plan';
import type { UiLayout, UiRule } from './ui-layout';

/** Where each group's fields sit in the plans (the layout's order). */
interface GroupSlots {
  readonly label: string;
  readonly indices: readonly number[];
}

/**
 * The rendered form as JSON Forms 3.x loads it in its default setup (`Actions.init` with its own
 * draft-07 `createAjv()`, strict off): a schema with only plain keywords, every value a string as
 * in `fields`, selects as one-of enums (`const` + `title`, blank `""` included), notes as `Label`s,
 * and the layout's rules unchanged. Visibility and enablement come from those rules alone in both
 * the engine and JSON Forms, evaluated on the same data, so the two show the same fields.
 *
 * Everything that does not depend on the values is built once; a render only fills the data, the
 * required list, dynamic options and notes' text: O(fields + options).
 */
export class JsonFormsView {
  private readonly groups: readonly GroupSlots[];
  /** By plan index: the property without per-render parts (undefined for notes). */
  private readonly properties: readonly (JsonFormsPropertySchema | undefined)[];
  /** By plan index: the control element (undefined for notes). */
  private readonly controls: readonly (JsonFormsControl | undefined)[];
  /** By plan index, for selects: the control while it has no option but the blank one (see `oneOfOf`). */
  private readonly blankOnlyControls: readonly (JsonFormsControl | undefined)[];
  /** By plan index: a note's rule. */
  private readonly noteRules: readonly (JsonFormsRule | undefined)[];
  /**
   * By plan index: the last options a select rendered and their one-of, reused while a render
   * hands over the same options array (the fixed ones, or an extension's unchanged list).
   */
  private readonly lastOptions: (readonly RenderedFieldOption[] | undefined)[];
  private readonly lastOneOf: (readonly JsonFormsOption[] | undefined)[];

  constructor(layout: UiLayout, plans: readonly FieldPlan[]) {
    let next = 0;
    this.groups = layout.elements.map((group) => ({ label: group.label, indices: group.elements.map(() => next++) }));
    this.properties = plans.map((plan) =>
      plan.kind === 'note'
        ? undefined
        : Object.freeze({
            type: 'string' as const,
            title: plan.label,
            ...(plan.help !== undefined ? { description: plan.help } : {}),
            ...(plan.secret ? { writeOnly: true as const } : {}),
          }),
    );
    this.controls = plans.map((plan) =>
      plan.kind === 'note'
        ? undefined
        : deepFreeze<JsonFormsControl>({
            type: 'Control',
            scope: `#/properties/${plan.id}`,
            label: plan.label,
            ...controlOptions(plan),
            ...(plan.rule ? { rule: ruleOf(plan.rule.source) } : {}),
          }),
    );
    this.blankOnlyControls = this.controls.map((control) =>
      control?.options?.autocomplete === false ? deepFreeze<JsonFormsControl>({ ...control, options: { ...control.options, hideEmptyOption: true } }) : undefined,
    );
    this.noteRules = plans.map((plan) => (plan.kind === 'note' && plan.rule ? deepFreeze(ruleOf(plan.rule.source)) : undefined));
    this.lastOptions = plans.map(() => undefined);
    this.lastOneOf = plans.map(() => undefined);
  }

  /**
   * `fields` are the rendered fields, in the order of the plans this view was built from; `errors`
   * the server's messages by field id; `typedSecrets` the secrets typed into this submission, which
   * the data keeps (so a re-render does not wipe what a person typed) while `fields` never shows them;
   * `keptSecrets` the secrets left blank over a stored one: absent from the data, so posting the data
   * back omits them ("keep the stored one") and the mask `fields` shows never travels as a value.
   */
  render(
    fields: readonly RenderedField[],
    errors: Readonly<Record<string, string>> = {},
    typedSecrets: Readonly<Record<string, string>> = {},
    keptSecrets: ReadonlySet<string> = new Set(),
  ): JsonFormsForm {
    const properties: Record<string, JsonFormsPropertySchema> = {};
    const data: Record<string, string> = {};
    const required: string[] = [];
    fields.forEach((field, index) => {
      const base = this.properties[index];
      if (base === undefined) return;
      const options = field.options;
      if (options === undefined) properties[field.id] = base;
      else {
        properties[field.id] = { ...base, oneOf: this.oneOf(index, options) };
      }
      // A blank select is absent: every renderer set shows its own one "None" for it. A kept secret is absent too.
      if (keptSecrets.has(field.id)) properties[field.id] = { ...base, description: keptSecretHint(base.description) };
      else if (options === undefined || field.value !== '') data[field.id] = typedSecrets[field.id] ?? field.value;
      if (field.required) required.push(field.id);
    });
    const additionalErrors = Object.entries(errors).flatMap(([fieldId, message]): JsonFormsError[] => {
      const parentSchema = properties[fieldId];
      return parentSchema === undefined ? [] : [serverError(fieldId, message, parentSchema)];
    });
    const elements = this.groups.map(
      (group): JsonFormsGroup => ({
        type: 'Group',
        label: group.label,
        elements: group.indices.map((index) => this.controlOf(index, properties[fields[index]!.id]) ?? this.label(index, fields[index]!)),
      }),
    );
    return {
      schema: { type: 'object', properties, required },
      uischema: { type: 'VerticalLayout', elements },
      data,
      additionalErrors,
    };
  }

  private oneOf(index: number, options: readonly RenderedFieldOption[]): readonly JsonFormsOption[] {
    if (this.lastOptions[index] !== options) {
      this.lastOptions[index] = options;
      this.lastOneOf[index] = deepFreeze(oneOfOf(options));
    }
    return this.lastOneOf[index]!;
  }

  private controlOf(index: number, property: JsonFormsPropertySchema | undefined): JsonFormsControl | undefined {
    const blankOnly = property?.oneOf?.length === 1 && property.oneOf[0]!.const === '';
    return (blankOnly ? this.blankOnlyControls[index] : undefined) ?? this.controls[index];
  }

  private label(index: number, field: RenderedField): JsonFormsLabel {
    const rule = this.noteRules[index];
    return rule ? { type: 'Label', text: field.value, rule } : { type: 'Label', text: field.value };
  }
}

function controlOptions(plan: ControlPlan): { options?: NonNullable<JsonFormsControl['options']> } {
  if (plan.secret) return { options: { format: 'password' } };
  if (plan.type === 'select') return { options: { autocomplete: false } };
  return {};
}

/**
 * The options but the blank one: the renderers add their own "None", which sets the value
 * undefined. A select with no other option keeps its blank one (a one-of needs an item); its
 * control then has `hideEmptyOption` (vanilla shows that one alone; Material adds its "None").
 */
function oneOfOf(options: readonly RenderedFieldOption[]): JsonFormsOption[] {
  const oneOf: JsonFormsOption[] = [];
  for (const option of options) {
    if (option.value !== '') oneOf.push({ const: option.value, title: option.label });
  }
  const blank = options.find((option) => option.value === '');
  return oneOf.length === 0 && blank ? [{ const: '', title: blank.label }] : oneOf;
}

/**
 * A server message as JSON Forms' `additionalErrors` entry. `parentSchema` is the control's own
 * property schema: JSON Forms then shows it at that control, a one-of select included (without it,
 * a select whose value fails the one-of drops every error that is not of its own schema).
 */
function serverError(fieldId: string, message: string, parentSchema: JsonFormsPropertySchema): JsonFormsError {
  return { instancePath: `/${fieldId}`, schemaPath: `#/properties/${fieldId}`, keyword: 'server', message, params: {}, parentSchema };
}

function ruleOf(rule: UiRule): JsonFormsRule {
  // A copy: the layout's own objects stay the engine's (and unfrozen).
  const schema = JSON.parse(JSON.stringify(rule.condition.schema)) as JsonFormsRule['condition']['schema'];
  return { effect: rule.effect, condition: { scope: rule.condition.scope, schema } };
}

/** Parts shared by every render are frozen, so no consumer can change the next one's. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** JSON Forms has no placeholder: a stored secret is said in the control's hint instead of shown as a value. */
function keptSecretHint(help: string | undefined): string {
  const stored = 'One is stored: leave this blank to keep it.';
  return help === undefined ? stored : `${help} ${stored}`;
}
