import type { ErrorObject } from 'ajv';
import { fieldPath } from './json-schema-errors';

interface PropertySchema {
  readonly title?: unknown;
  readonly format?: unknown;
}

/** `toDate` -> `To date`: a label for a property that has no `title`. */
export function labelFromName(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_.-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function propertyOf(schema: unknown, name: string): PropertySchema | undefined {
  const properties = (schema as { properties?: Record<string, PropertySchema> } | undefined)?.properties;
  return properties && Object.prototype.hasOwnProperty.call(properties, name) ? properties[name] : undefined;
}

function sentence(error: ErrorObject, label: string, property: PropertySchema | undefined): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${label} is required.`;
    case 'additionalProperties':
      return `${label} is not a setting of this step; remove it.`;
    case 'false schema':
      return `${label} does not apply with the other choices; leave it empty.`;
    case 'enum':
      return `Choose one of the offered values for ${label}.`;
    case 'type':
      return `${label} must be ${params.type === 'integer' ? 'a whole number' : params.type === 'boolean' ? 'yes or no' : params.type === 'number' ? 'a number' : 'text'}.`;
    case 'format':
      return property?.format === 'date' ? `${label} must be a date such as 2024-05-31.` : `${label} must be a date and time such as 2024-05-31T14:00:00Z.`;
    case 'minimum':
      return `${label} must be at least ${String(params.limit)}.`;
    case 'maximum':
      return `${label} must be at most ${String(params.limit)}.`;
    case 'minLength':
      return params.limit === 1 ? `${label} must not be empty.` : `${label} must be at least ${String(params.limit)} characters long.`;
    case 'maxLength':
      return `${label} must be at most ${String(params.limit)} characters long.`;
    case 'pattern':
      return `${label} is not in the expected form.`;
    default:
      return `${label} is not valid.`;
  }
}

/**
 * Ajv errors as sentences for people, keyed like `fieldErrors`: about the field's label (its
 * schema `title`, else its name in words), never a schema keyword. The `if`/`then` wrapper errors
 * only repeat what the field's own error says, so they are left out.
 */
export function fieldSentences(prefix: string, errors: readonly ErrorObject[], schema: unknown, fallbackLabel = 'This setting'): Record<string, string> {
  const result: Record<string, string> = {};
  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
    const field = fieldPath(prefix, error);
    const name = field.slice(prefix.length).replace(/^\./, '').split('.')[0] ?? '';
    const property = name === '' ? undefined : propertyOf(schema, name);
    const label = name === '' ? fallbackLabel : typeof property?.title === 'string' ? property.title : labelFromName(name);
    result[field] ??= sentence(error, label, property);
  }
  if (Object.keys(result).length === 0 && errors.length > 0) result[prefix] = `${fallbackLabel} is not valid.`;
  return result;
}
