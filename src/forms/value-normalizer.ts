import type { PropertySchema } from './property-schema';
import { typesOf } from './property-schema';

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Turns a submitted value into the typed value the schema describes, the way a person means it:
 * strings trimmed; blank → `null` where the schema allows null, else absent (so `required` speaks);
 * numeric strings from HTML forms ("7") → numbers where the schema wants a number; numbers → strings
 * where it wants a string (ids are strings). Anything else is left for ajv to reject with a message.
 * (ajv's own `coerceTypes` would turn "" into 0, which is not what a blank select means.)
 */
export function normalizeFieldValue(property: PropertySchema, raw: unknown): unknown {
  const types = typesOf(property);
  const allowsNull = types.includes('null');
  let value = raw;
  if (typeof value === 'string') {
    value = value.trim();
    if (value === '') return allowsNull ? null : undefined;
    const wantsNumber = types.includes('integer') || types.includes('number');
    if (wantsNumber && !types.includes('string') && NUMERIC.test(value as string)) return Number(value);
    return value;
  }
  if (value === null) return allowsNull ? null : undefined;
  if (typeof value === 'number' && types.includes('string') && !types.includes('number') && !types.includes('integer')) {
    return Number.isFinite(value) ? String(value) : value;
  }
  return value;
}
