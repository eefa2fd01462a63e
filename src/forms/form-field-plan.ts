import type { RenderedFieldOption, RenderedFieldType } from '../contracts';
import type { FormAjv } from './form-ajv';
import type { FormDefinition } from './form-definition';
import type { PropertySchema } from './property-schema';
import { typesOf } from './property-schema';
import { fillFromSchema } from './schema-placeholders';
import { assertSecretFieldsAreWriteOnly } from './secret-field-guard';
import type { RuleEffect, UiControl, UiNote, UiRule } from './ui-layout';
import { fieldIdOfScope, UI_LAYOUT_SCHEMA } from './ui-layout';

/** A rule with its condition compiled by the form's ajv. */
export interface CompiledRule {
  readonly effect: RuleEffect;
  readonly scopeFieldId: string;
  /** True when the condition holds for the value at the scope as JSON Forms sees it (the field's rendered value). */
  readonly holds: (value: unknown) => boolean;
  /** The rule as the layout declares it (JSON Forms gets it unchanged). */
  readonly source: UiRule;
}

interface FieldPlanBase {
  readonly id: string;
  readonly label: string;
  readonly type: RenderedFieldType;
  readonly group: string;
  readonly help?: string;
  readonly rule?: CompiledRule;
}

/** A field that holds a value of the schema. */
export interface ControlPlan extends FieldPlanBase {
  readonly kind: 'control';
  readonly property: PropertySchema;
  readonly requiredBySchema: boolean;
  readonly nullable: boolean;
  readonly secret: boolean;
  /** For a secret: the field whose stored value the stored secret belongs to. */
  readonly secretBoundTo?: string;
  /** For a select: the fixed options (blank first); extensions may replace them per render. */
  readonly options?: readonly RenderedFieldOption[];
}

/** Read-only text declared in the layout (no value in the schema). */
export interface NotePlan extends FieldPlanBase {
  readonly kind: 'note';
  readonly text: string;
}

export type FieldPlan = ControlPlan | NotePlan;

/** Largest integer range a select may spell out as options. */
const MAX_RANGE_OPTIONS = 1000;

/**
 * Reads a form definition once, at construction: checks the layout against the dialect, checks that
 * layout and schema agree (every property shown exactly once, scopes that exist, secrets writeOnly),
 * and compiles every rule condition with the form's ajv. Any mistake throws, naming the form and field.
 */
export function planFormFields(definition: FormDefinition, ajv: FormAjv): readonly FieldPlan[] {
  const fail = (message: string): never => {
    throw new Error(`Connection form "${definition.appId}": ${message}`);
  };
  const checkLayout = ajv.compile(UI_LAYOUT_SCHEMA);
  if (!checkLayout(definition.layout)) {
    fail(`the UI layout does not follow the layout dialect: ${ajv.errorsText(checkLayout.errors, { dataVar: 'layout' })}`);
  }
  const schema = definition.schema as { type?: unknown; properties?: Record<string, PropertySchema>; required?: string[] };
  if (schema.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) {
    fail('the values schema must be an object schema with "properties"');
  }
  const properties = schema.properties as Record<string, PropertySchema>;
  const required = new Set(schema.required ?? []);

  const compileRule = (fieldId: string, rule: UiRule | undefined): CompiledRule | undefined => {
    if (!rule) return undefined;
    const scopeFieldId = fieldIdOfScope(rule.condition.scope);
    if (!(scopeFieldId in properties)) fail(`the rule of "${fieldId}" refers to "${scopeFieldId}", which is not in the schema`);
    const validate = ajv.compile(rule.condition.schema);
    return { effect: rule.effect, scopeFieldId, holds: (value) => validate(value), source: rule };
  };

  const plans: FieldPlan[] = [];
  const seen = new Set<string>();
  for (const group of definition.layout.elements) {
    for (const element of group.elements) {
      const plan =
        element.type === 'Control'
          ? planControl(element, group.label, properties, required, compileRule, fail)
          : planNote(element, group.label, properties, compileRule, fail);
      if (seen.has(plan.id)) fail(`field "${plan.id}" appears twice in the layout`);
      seen.add(plan.id);
      plans.push(plan);
    }
  }
  for (const id of Object.keys(properties)) {
    if (!seen.has(id)) fail(`schema property "${id}" is missing from the layout (every field is listed, hidden or not)`);
  }
  // Rules read the rendered value at their scope; a hidden field's rendered value is blank, so a
  // scope that can be hidden would make rules depend on each other's effects.
  const ruled = new Set(plans.filter((plan) => plan.rule !== undefined).map((plan) => plan.id));
  for (const plan of plans) {
    const scopeFieldId = plan.rule?.scopeFieldId;
    if (scopeFieldId !== undefined && ruled.has(scopeFieldId)) {
      fail(`the rule of "${plan.id}" depends on "${scopeFieldId}", which has a rule itself (rules may only depend on fields that are always shown)`);
    }
  }
  const controls = plans.filter((plan): plan is ControlPlan => plan.kind === 'control');
  assertSecretFieldsAreWriteOnly(
    definition.appId,
    controls.map((control) => ({ id: control.id, label: control.label, writeOnly: control.secret })),
  );
  for (const control of controls) {
    const boundTo = control.secretBoundTo;
    if (boundTo !== undefined && (!control.secret || !(boundTo in properties))) {
      fail(`"${control.id}" has "x-secret-bound-to": "${boundTo}", which needs a writeOnly field and an existing property`);
    }
  }
  return plans;
}

function planControl(
  control: UiControl,
  group: string,
  properties: Record<string, PropertySchema>,
  required: ReadonlySet<string>,
  compileRule: (fieldId: string, rule: UiRule | undefined) => CompiledRule | undefined,
  fail: (message: string) => never,
): ControlPlan {
  const id = fieldIdOfScope(control.scope);
  const property = properties[id];
  if (!property) return fail(`the layout shows "${id}", which is not a property of the schema`);
  const secret = property.writeOnly === true;
  // Every message's placeholders must be the property's own, checked once here rather than when a value fails.
  for (const message of Object.values(property['x-messages'] ?? {})) fillFromSchema(message, property, fail);
  const widget = control.options?.widget ?? 'text';
  if (secret && widget === 'select') fail(`secret field "${id}" cannot be a select`);
  const type: RenderedFieldType = secret ? 'password' : widget;
  return {
    kind: 'control',
    id,
    label: control.label,
    type,
    group,
    ...(control.options?.help !== undefined ? { help: fillFromSchema(control.options.help, property, fail) } : {}),
    ...(control.rule ? { rule: compileRule(id, control.rule) } : {}),
    property,
    requiredBySchema: required.has(id),
    nullable: typesOf(property).includes('null'),
    secret,
    ...(property['x-secret-bound-to'] !== undefined ? { secretBoundTo: property['x-secret-bound-to'] } : {}),
    ...(type === 'select' ? { options: selectOptions(id, property, control.options?.blankLabel === undefined ? undefined : fillFromSchema(control.options.blankLabel, property, fail), fail) } : {}),
  };
}

function planNote(
  note: UiNote,
  group: string,
  properties: Record<string, PropertySchema>,
  compileRule: (fieldId: string, rule: UiRule | undefined) => CompiledRule | undefined,
  fail: (message: string) => never,
): NotePlan {
  if (note.id in properties) fail(`note "${note.id}" has the id of a schema property`);
  return {
    kind: 'note',
    id: note.id,
    label: note.label,
    type: 'note',
    group,
    text: note.text,
    ...(note.help !== undefined ? { help: note.help } : {}),
    ...(note.rule ? { rule: compileRule(note.id, note.rule) } : {}),
  };
}

/** Options derived from the schema: its `enum`, or every integer from `minimum` to `maximum`. */
function selectOptions(
  id: string,
  property: PropertySchema,
  blankLabel: string | undefined,
  fail: (message: string) => never,
): readonly RenderedFieldOption[] {
  const blank: RenderedFieldOption[] = blankLabel !== undefined ? [{ value: '', label: blankLabel }] : [];
  let values: string[] = [];
  if (property.enum) {
    values = property.enum.filter((value) => value !== null).map(String);
  } else if (typesOf(property).includes('integer') && property.minimum !== undefined && property.maximum !== undefined) {
    const { minimum, maximum } = property;
    const count = maximum - minimum + 1;
    if (count > MAX_RANGE_OPTIONS) fail(`select "${id}" would list ${count} options`);
    values = Array.from({ length: count }, (_, index) => String(minimum + index));
  }
  // Otherwise the options are dynamic (an extension fills them, e.g. the lender candidates).
  return Object.freeze([...blank, ...values.map((value) => ({ value, label: value }))]);
}
