import type { ValidateFunction } from 'ajv';
import type {
  ConnectionFormContribution,
  ConnectionSummary,
  ConnectionValues,
  FormContext,
  FormValidation,
  JsonSchema,
  RenderedField,
  RenderedForm,
} from '../contracts';
import { CONNECTION_NAME_FIELD, SECRET_MASK } from '../contracts';
import { fieldIdOfAjvError, fieldMessage } from './field-messages';
import { createFormAjv } from './form-ajv';
import type { FormDefinition } from './form-definition';
import type { DraftField, FormDraft, FormExtension } from './form-extension';
import type { ControlPlan, FieldPlan } from './form-field-plan';
import { planFormFields } from './form-field-plan';
import { JsonFormsView } from './json-forms-view';
import { NameClashCheck } from './name-uniqueness';
import type { SubmittedSecret } from './submitted-secret';
import { resolveSubmittedSecret } from './submitted-secret';
import { normalizeFieldValue } from './value-normalizer';

/** A field's state as the schema and the rules decide it (extensions cannot change it). */
interface RuleState {
  visible: boolean;
  disabled: boolean;
  /** Required while shown. */
  readonly required: boolean;
}

/** A secret field's state in one pass: what the submission means, and whether a stored secret still applies. */
interface SecretState {
  readonly submitted: SubmittedSecret;
  readonly storedUsable: boolean;
}

/** One pass of the pipeline; `render` shows it, `validate` returns its values. */
interface Evaluation {
  readonly fields: readonly RenderedField[];
  /** Messages by field id, visible fields only. */
  readonly errors: Readonly<Record<string, string>>;
  /** Values of the visible fields, normalised, ready to save (secrets: only a newly typed one; omitted = the host keeps the stored one). */
  readonly values: ConnectionValues;
  /** Secrets typed into this submission, exactly as handed in, by field id (visible ones only): JSON Forms' data keeps them. */
  readonly typedSecrets: Readonly<Record<string, string>>;
  /** Secrets left blank over a stored one that still applies (visible ones only): shown as the mask in `fields`, absent from JSON Forms' data. */
  readonly keptSecrets: ReadonlySet<string>;
}

/**
 * The form engine: schema + UI layout + values + context → rendered form (its `fields` and the same
 * form for JSON Forms).
 *
 * Pipeline (the same for `render` and `validate`, so what the page shows is what saving checks):
 * 1. normalise the submitted values by the schema (trim, blank → null/absent, "7" → 7, ids as
 *    strings) and decide what each field shows: a select its normalised value ("" for blank), a
 *    text field what was typed, a secret "" or the mask (shown only). These shown values are JSON Forms' data;
 * 2. judge secrets against the context's stored connection (entered / omitted over a stored one / missing);
 * 3. apply the layout's rules (HIDE/SHOW/DISABLE/ENABLE) to the shown values, as JSON Forms does
 *    to its data: the rules alone decide visibility and enablement;
 * 4. run the {@link FormExtension}s of this app (e.g. lender candidates, the shared-pool note's text);
 * 5. drop the values of hidden fields (hidden fields are never required and show blank);
 * 6. validate the visible values with ajv and the context checks (unique name, a new key for a new
 *    API user, select values among the options); messages by field id, from the schema's `x-messages`.
 *
 * Everything that can be compiled is compiled once, in the constructor; a render only walks arrays
 * (and the options an extension lists), so its cost grows linearly with the connections.
 */
export class FormEngine implements ConnectionFormContribution {
  readonly appId: string;
  readonly schema: JsonSchema;
  readonly secretFields: readonly string[];
  private readonly plans: readonly FieldPlan[];
  private readonly controls: readonly ControlPlan[];
  private readonly validateValues: ValidateFunction;
  private readonly extensions: readonly FormExtension[];
  /** By plan index: the plan index of its rule's scope field. */
  private readonly ruleScopes: readonly (number | undefined)[];
  private readonly jsonForms: JsonFormsView;
  private readonly names = new NameClashCheck();

  constructor(definition: FormDefinition, extensions: readonly FormExtension[] = []) {
    const ajv = createFormAjv();
    this.appId = definition.appId;
    this.schema = definition.schema;
    this.plans = planFormFields(definition, ajv);
    this.controls = this.plans.filter((plan): plan is ControlPlan => plan.kind === 'control');
    this.secretFields = this.controls.filter((control) => control.secret).map((control) => control.id);
    this.validateValues = ajv.compile(definition.schema);
    this.extensions = extensions.filter((extension) => extension.appId === definition.appId);
    const indexOf = new Map(this.plans.map((plan, index) => [plan.id, index]));
    this.ruleScopes = this.plans.map((plan) => (plan.rule ? indexOf.get(plan.rule.scopeFieldId) : undefined));
    this.jsonForms = new JsonFormsView(definition.layout, this.plans);
  }

  render(values: ConnectionValues, context: FormContext): RenderedForm {
    const { fields, errors, typedSecrets, keptSecrets } = this.evaluate(values, context);
    return {
      appId: this.appId,
      fields,
      valid: Object.keys(errors).length === 0,
      errors,
      jsonForms: this.jsonForms.render(fields, errors, typedSecrets, keptSecrets),
    };
  }

  validate(values: ConnectionValues, context: FormContext): FormValidation {
    const { errors, values: normalised } = this.evaluate(values, context);
    return Object.keys(errors).length === 0 ? { ok: true, values: normalised } : { ok: false, errors };
  }

  private evaluate(submitted: ConnectionValues, context: FormContext): Evaluation {
    const stored = storedConnectionOf(context);
    const normalised: Record<string, unknown> = {};
    for (const control of this.controls) {
      if (!control.secret) normalised[control.id] = normalizeFieldValue(control.property, submitted[control.id]);
    }
    const secrets = new Map<string, SecretState>();
    for (const control of this.controls) {
      if (control.secret) secrets.set(control.id, this.resolveSecret(control, submitted, normalised, stored));
    }

    const draftFields = this.plans.map((plan) => this.draftField(plan, submitted, normalised, secrets));
    const states = this.applyRules(draftFields);
    const shown = draftFields.map((field) => field.value);
    const draft: FormDraft = { appId: this.appId, fields: draftFields, errors: {} };
    for (const extension of this.extensions) extension.apply(draft, { ...normalised }, context);

    const visible = new Set<string>();
    const renderedFields = draftFields.map((field, index) => {
      const rendered = this.renderedField(this.plans[index]!, field, shown[index]!, states[index]!);
      if (rendered.visible) visible.add(rendered.id);
      return rendered;
    });

    const values: Record<string, unknown> = {};
    for (const control of this.controls) {
      if (!visible.has(control.id)) continue;
      const secret = secrets.get(control.id);
      const value = secret ? valueOfSecret(secret.submitted) : normalised[control.id];
      if (value !== undefined) values[control.id] = value;
    }

    const errors: Record<string, string> = {};
    const addError = (fieldId: string, message: string): void => {
      if (visible.has(fieldId) && errors[fieldId] === undefined) errors[fieldId] = message;
    };
    for (const [fieldId, message] of Object.entries(draft.errors)) addError(fieldId, message);
    for (const [fieldId, { submitted: secret }] of secrets) {
      if (secret.action === 'missing' && secret.reason === 'owner_changed') {
        addError(fieldId, this.message(fieldId, 'boundFieldChanged'));
      }
    }
    const keptSecrets = new Set<string>();
    for (const [fieldId, { submitted: secret }] of secrets) if (secret.action === 'omitted' && visible.has(fieldId)) keptSecrets.add(fieldId);
    if (!this.validateValues(values)) {
      for (const error of this.validateValues.errors ?? []) {
        const fieldId = fieldIdOfAjvError(error);
        // An omitted secret over a stored one that applies is satisfied by the stored one (the host keeps it).
        if (fieldId !== undefined && !keptSecrets.has(fieldId)) addError(fieldId, this.message(fieldId, error.keyword, error.message));
      }
    }
    const name = values[CONNECTION_NAME_FIELD];
    if (typeof name === 'string' && this.names.clashes(name, context)) addError(CONNECTION_NAME_FIELD, this.message(CONNECTION_NAME_FIELD, 'unique'));
    for (const field of renderedFields) {
      const value = values[field.id];
      if (field.type !== 'select' || value === undefined || value === null || errors[field.id] !== undefined) continue;
      if (!(field.options ?? []).some((option) => option.value !== '' && option.value === String(value))) {
        addError(field.id, this.message(field.id, 'option'));
      }
    }

    // Nullable fields the user left blank are saved as null (e.g. the default concurrency level).
    for (const control of this.controls) {
      if (visible.has(control.id) && control.nullable && values[control.id] === undefined) values[control.id] = null;
    }
    const typedSecrets: Record<string, string> = {};
    for (const [fieldId, { submitted: secret }] of secrets) {
      const typed = submitted[fieldId];
      if (secret.action === 'entered' && visible.has(fieldId) && typeof typed === 'string') typedSecrets[fieldId] = typed;
    }
    return { fields: renderedFields, errors, values, typedSecrets, keptSecrets };
  }

  private resolveSecret(
    control: ControlPlan,
    submitted: ConnectionValues,
    normalised: Record<string, unknown>,
    stored: ConnectionSummary | undefined,
  ): SecretState {
    const boundTo = control.secretBoundTo;
    const boundPlan = boundTo === undefined ? undefined : this.controls.find((plan) => plan.id === boundTo);
    const ownerChanged =
      stored !== undefined &&
      boundPlan !== undefined &&
      normalised[boundPlan.id] !== normalizeFieldValue(boundPlan.property, stored.values[boundPlan.id]);
    const hasStored = stored?.storedSecrets.includes(control.id) ?? false;
    return {
      submitted: resolveSubmittedSecret({ submitted: submitted[control.id], stored: hasStored, ownerChanged }),
      storedUsable: hasStored && !ownerChanged,
    };
  }

  /** The field before the rules: what it shows, and whether it is required while shown. */
  private draftField(
    plan: FieldPlan,
    submitted: ConnectionValues,
    normalised: Record<string, unknown>,
    secrets: ReadonlyMap<string, SecretState>,
  ): DraftField {
    const base = {
      id: plan.id,
      label: plan.label,
      type: plan.type,
      visible: true,
      disabled: false,
      group: plan.group,
      ...(plan.help !== undefined ? { help: plan.help } : {}),
    };
    if (plan.kind === 'note') return { ...base, required: false, value: plan.text };
    const options = plan.options !== undefined ? { options: plan.options } : {};
    const secret = secrets.get(plan.id);
    if (secret) {
      // Never echo a secret: the mask (shown only, never read back) says "one is stored", blank says "enter one".
      const value = secret.submitted.action === 'omitted' ? SECRET_MASK : '';
      // Required unless a stored secret still applies; a changed owner (API user) needs a new one.
      const ownerChanged = secret.submitted.action === 'missing' && secret.submitted.reason === 'owner_changed';
      return { ...base, ...options, required: !secret.storedUsable && (plan.requiredBySchema || ownerChanged), value };
    }
    // A select shows its normalised value (" 7 " and 7 are "7", whitespace is blank); text shows what was typed.
    const value = plan.type === 'select' ? shownText(normalised[plan.id]) : displayValue(submitted[plan.id], normalised[plan.id]);
    return { ...base, ...options, required: plan.requiredBySchema, value };
  }

  /**
   * Each rule's condition against the shown value at its scope: exactly what JSON Forms evaluates
   * on its data. Taken before the extensions run, so they cannot change it.
   */
  private applyRules(fields: readonly DraftField[]): RuleState[] {
    return this.plans.map((plan, index) => {
      const state: RuleState = { visible: true, disabled: false, required: fields[index]!.required };
      const rule = plan.rule;
      const scope = this.ruleScopes[index];
      if (!rule || scope === undefined) return state;
      // A blank select is absent from JSON Forms' data (its own "None"), so the rule sees undefined there too.
      const scoped = fields[scope]!.value;
      const holds = rule.holds(this.plans[scope]!.type === 'select' && scoped === '' ? undefined : scoped);
      if (rule.effect === 'HIDE') state.visible = !holds;
      else if (rule.effect === 'SHOW') state.visible = holds;
      else if (rule.effect === 'DISABLE') state.disabled = holds;
      else state.disabled = !holds;
      return state;
    });
  }

  /** The final field: the rules' state, an extension's options (selects) or text (notes); a hidden field shows blank. */
  private renderedField(plan: FieldPlan, draft: DraftField, shown: string, state: RuleState): RenderedField {
    const value = !state.visible ? '' : plan.kind === 'note' ? draft.value : shown;
    const options = plan.type === 'select' ? draft.options : undefined;
    return {
      id: plan.id,
      label: plan.label,
      type: plan.type,
      required: state.visible && state.required,
      visible: state.visible,
      disabled: state.disabled,
      value,
      ...(options !== undefined ? { options } : {}),
      ...(plan.help !== undefined ? { help: plan.help } : {}),
      group: plan.group,
    };
  }

  private message(fieldId: string, check: string, fallback?: string): string {
    const control = this.controls.find((plan) => plan.id === fieldId);
    if (!control) return fallback ?? 'This value is not valid';
    return fieldMessage(control.property, control.label, check, fallback);
  }
}

function storedConnectionOf(context: FormContext): ConnectionSummary | undefined {
  if (context.connectionId === undefined) return undefined;
  return context.connections.find((connection) => connection.id === context.connectionId);
}

/** Only a newly typed secret is a value; an omitted one stays omitted (the host keeps what it stored). */
function valueOfSecret(secret: SubmittedSecret): unknown {
  return secret.action === 'entered' ? secret.value : undefined;
}

/** What an input shows: the text as typed, else the normalised value as a string ("" for blank). */
function displayValue(raw: unknown, normalised: unknown): string {
  return typeof raw === 'string' ? raw : shownText(normalised);
}

function shownText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
