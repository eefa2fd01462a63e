import type { ErrorObject } from 'ajv';

/** `/a/0/b` -> `a[0].b`, prefixed: the field path people read in an error list. */
export function fieldPath(prefix: string, error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), prefix);
}

export function messageOf(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** Ajv errors as `{ field: message }`, the first message per field. */
export function fieldErrors(prefix: string, errors: readonly ErrorObject[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const error of errors) {
    const field = fieldPath(prefix, error);
    result[field] ??= messageOf(error);
  }
  return result;
}
