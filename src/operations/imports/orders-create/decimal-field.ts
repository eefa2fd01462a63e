/**
 * A money or quantity field as CartRover accepts it: a number or a numeric string ("8.0000").
 * `absent` (undefined, null, "") is not an error: the charge checks only look at what is present.
 */
export type DecimalField = { readonly kind: 'absent' } | { readonly kind: 'value'; readonly value: number } | { readonly kind: 'invalid' };

const NUMERIC_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;

export function readDecimalField(raw: unknown): DecimalField {
  if (raw === undefined || raw === null || raw === '') return { kind: 'absent' };
  if (typeof raw === 'number') return Number.isFinite(raw) ? { kind: 'value', value: raw } : { kind: 'invalid' };
  if (typeof raw === 'string' && NUMERIC_TEXT.test(raw)) return { kind: 'value', value: Number(raw) };
  return { kind: 'invalid' };
}
