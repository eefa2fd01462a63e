/** What one line of NDJSON is: nothing (blank), a record (a JSON object), or a problem. */
export type NdjsonLine =
  | { readonly kind: 'blank' }
  | { readonly kind: 'record'; readonly record: Record<string, unknown> }
  /** `detail` is the parser's own text, for logs and API errors (not for people). */
  | { readonly kind: 'not_json'; readonly detail: string }
  | { readonly kind: 'not_object' };

/**
 * The one reading of an NDJSON line, for uploads, the file app's reads and the CLI's import alike:
 * a trailing CR is dropped, a blank line is skipped, and only a JSON object is a record (an array,
 * a number or a string is not one record per line).
 */
export function parseNdjsonLine(raw: string): NdjsonLine {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line.trim() === '') return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { kind: 'not_json', detail: (error as Error).message };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'not_object' };
  return { kind: 'record', record: value as Record<string, unknown> };
}
