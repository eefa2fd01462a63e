import type { ErrorObject } from 'ajv';
import type { PropertySchema } from './property-schema';
import { fillFromSchema } from './schema-placeholders';

/**
 * The message a person reads when a field fails `check` (an ajv keyword such as `minLength`, or an
 * engine check such as `unique`): the field's `x-messages[check]`, else its `x-messages["*"]`, else a
 * generic sentence built from the field's label. `{minimum}`, `{maximum}` and `{default}` are filled from the property.
 */
export function fieldMessage(property: PropertySchema, label: string, check: string, fallback?: string): string {
  const messages = property['x-messages'] ?? {};
  const message = messages[check] ?? messages['*'];
  return message !== undefined ? fillFromSchema(message, property) : `${label}: ${fallback ?? GENERIC[check] ?? 'this value is not valid'}`;
}

const GENERIC: Record<string, string> = {
  required: 'this field is required',
  option: 'choose one of the listed options',
};

/** The field an ajv error is about: the property a `required` error misses, else the first path segment. */
export function fieldIdOfAjvError(error: ErrorObject): string | undefined {
  if (error.keyword === 'required' && error.instancePath === '') {
    return (error.params as { missingProperty?: string }).missingProperty;
  }
  const segment = error.instancePath.split('/')[1];
  return segment === undefined || segment === '' ? undefined : segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
