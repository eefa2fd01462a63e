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
import type { SubmittedSecret } from '../connection/submitted-secret';
import { resolveSubmittedSecret } from '../connection/submitted-secret';
import { fieldIdOfAjvError, fieldMessage } from './field-messages';
import { createFormAjv } from './form-ajv';
import type { FormDefinition } from './form-definition';
import type { DraftField, FormExtension } from './form-extension';
import type { ControlPlan, FieldPlan } from './form-field-plan';
import { planFormFields } from './form-field-plan';
import { nameClashes } from './name-uniqueness';
import { normalizeFieldValue } from './value-normalizer';

/** A secret field's state in one pass: what the submission means, and whether a stored secret still applies. */
interface SecretState {
  readonly submitted: SubmittedSecret;
  readonly storedUsable: boolean;
}

/** One pass of the pipeline; `render` shows it, `validate` returns its values. */
interface Evaluation {
  readonly form: RenderedForm;
  /** Values of the visible fields, normalised, ready to save (secrets: new value or the mask). */
  readonly values: ConnectionValues;
}

/**
 * The form engine: schema + UI layout + values + context → rendered form.
 *
 * Pipeline (the same for `render` and `validate`, so what the page shows is what saving checks):
 * 1. normalise the submitted values by the schema (trim, blank → null/absent, "7" → 7);
 * 2. resolve secrets against the stored connection (keep / replace / missing);
 * 3. apply the layout's rules (HIDE/SHOW/DISABLE/ENABLE, conditions evaluated by the form's ajv);
 * 4. run the {@link FormExtension}s of this app (e.g. lender candidates, the shared-pool note);
 * 5. drop the values of hidden fields (hidden fields are never required);
 * 6. validate the visible values with ajv and the context checks (unique name, a new key for a new
 *    API user, select values among the options); messages by field id, from the schema's `x-messages`.
 *
 * Everything that can be compiled is compiled once, in the constructor; a render only walks arrays.
 */
export class FormEngine implements ConnectionFormContribution {
  readonly appId: string;
  readonly schema: JsonSchema;
  readonly secretFields: readonly string[];
  private readonly plans: readonly FieldPlan[];
  private readonly controls: readonly ControlPlan[];
  private readonly validateValues: ValidateFunction;
  private readonly extensions: readonly FormExtension[];

  constructor(definition: FormDefinition, extensions: readonly FormExtension[] = []) {
    const ajv = createFormAjv();
    this.appId = definition.appId;
    this.schema = definition.schema;
    this.plans = planFormFields(definition, ajv);
    this.controls = this.plans.filter((plan): plan is ControlPlan => plan.kind === 'control');
    this.secretFields = this.controls.filter((control) => control.secret).map((control) => control.id);
    this.validateValues = ajv.compile(definition.schema);
    this.extensions = extensions.filter((extension) => extension.appId === definition.appId);
  }

  render(values: ConnectionValues, context: FormContext): RenderedForm {
    return this.evaluate(values, context).form;
  }

  validate(values: ConnectionValues, context: FormContext): FormValidation {
    const { form, values: normalised } = this.evaluate(values, context);
    return form.valid ? { ok: true, values: normalised } : { ok: false, errors: form.errors };
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
    this.applyRules(draftFields, normalised);
    const draft = { appId: this.appId, fields: draftFields, errors: {} as Record<string, string> };
    for (const extension of this.extensions) extension.apply(draft, { ...normalised }, context);

    const visible = new Set(draftFields.filter((field) => field.visible).map((field) => field.id));
    for (const field of draftFields) if (!field.visible) field.required = false;

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
    if (!this.validateValues(values)) {
      for (const error of this.validateValues.errors ?? []) {
        const fieldId = fieldIdOfAjvError(error);
        if (fieldId !== undefined) addError(fieldId, this.message(fieldId, error.keyword, error.message));
      }
    }
    const name = values[CONNECTION_NAME_FIELD];
    if (typeof name === 'string' && nameClashes(name, context)) addError(CONNECTION_NAME_FIELD, this.message(CONNECTION_NAME_FIELD, 'unique'));
    for (const field of draftFields) {
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
    const form: RenderedForm = {
      appId: this.appId,
      fields: draftFields.map(toRenderedField),
      valid: Object.keys(errors).length === 0,
      errors,
    };
    return { form, values };
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

  private draftField(
    plan: FieldPlan,
    submitted: ConnectionValues,
    normalised: Record<string, unknown>,
    secrets: ReadonlyMap<string, SecretState>,
  ): DraftField {
    const field: DraftField = {
      id: plan.id,
      label: plan.label,
      type: plan.type,
      required: false,
      visible: true,
      disabled: false,
      value: '',
      group: plan.group,
    };
    if (plan.help !== undefined) field.help = plan.help;
    if (plan.kind === 'note') {
      field.value = plan.text;
      return field;
    }
    if (plan.options !== undefined) field.options = plan.options;
    const secret = secrets.get(plan.id);
    if (secret) {
      // Never echo a secret: the mask says "one is stored and will be kept", blank says "enter one".
      field.value = secret.submitted.action === 'keep' ? SECRET_MASK : '';
      // Required unless a stored secret still applies; a changed owner (API user) needs a new one.
      const ownerChanged = secret.submitted.action === 'missing' && secret.submitted.reason === 'owner_changed';
      field.required = !secret.storedUsable && (plan.requiredBySchema || ownerChanged);
      return field;
    }
    field.required = plan.requiredBySchema;
    field.value = displayValue(submitted[plan.id], normalised[plan.id]);
    return field;
  }

  private applyRules(fields: DraftField[], normalised: Record<string, unknown>): void {
    this.plans.forEach((plan, index) => {
      const rule = plan.rule;
      const field = fields[index];
      if (!rule || !field) return;
      const holds = rule.holds(normalised[rule.scopeFieldId] ?? null);
      if (rule.effect === 'HIDE') field.visible = !holds;
      else if (rule.effect === 'SHOW') field.visible = holds;
      else if (rule.effect === 'DISABLE') field.disabled = holds;
      else field.disabled = !holds;
    });
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

function valueOfSecret(secret: SubmittedSecret): unknown {
  if (secret.action === 'replace') return secret.value;
  return secret.action === 'keep' ? SECRET_MASK : undefined;
}

/** What an input shows: the text as typed, else the normalised value as a string ("" for blank). */
function displayValue(raw: unknown, normalised: unknown): string {
  if (typeof raw === 'string') return raw;
  if (normalised === undefined || normalised === null) return '';
  return typeof normalised === 'object' ? JSON.stringify(normalised) : String(normalised);
}

function toRenderedField(field: DraftField): RenderedField {
  return {
    id: field.id,
    label: field.label,
    type: field.type,
    required: field.required,
    visible: field.visible,
    disabled: field.disabled,
    value: field.value,
    ...(field.options !== undefined ? { options: field.options } : {}),
    ...(field.help !== undefined ? { help: field.help } : {}),
    ...(field.group !== undefined ? { group: field.group } : {}),
  };
}
