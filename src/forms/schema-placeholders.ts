import type { PropertySchema } from './property-schema';

/** The keywords a layout text or an `x-messages` sentence may name as `{minimum}`, `{maximum}`, `{default}`. */
const PLACEHOLDER = /\{(minimum|maximum|default)\}/g;

/**
 * A text of the layout (a control's help, a select's blank label) or of `x-messages` with each
 * `{minimum}`, `{maximum}` and `{default}` filled from the field's property schema, so a bound such
 * as the concurrency level's 1..25 (default 5) is written once, in the schema. A placeholder the
 * property does not define is a mistake of the form files: `fail` says so when the form is built.
 */
export function fillFromSchema(text: string, property: PropertySchema, fail: (message: string) => never = throwError): string {
  return text.replace(PLACEHOLDER, (placeholder, keyword: 'minimum' | 'maximum' | 'default') => {
    const value = property[keyword];
    if (typeof value !== 'number' && typeof value !== 'string') return fail(`"${text}" names ${placeholder}, which its property's schema does not define`);
    return String(value);
  });
}

function throwError(message: string): never {
  throw new Error(message);
}
