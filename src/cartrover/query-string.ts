export type QueryValue = string | number | boolean | undefined;

/**
 * Builds `?a=1&b=2` with form encoding (URLSearchParams), so a `+` in an ISO timestamp is sent as
 * `%2B` as CartRover requires (a raw `+` would be read as a space). Undefined values are left out;
 * booleans become CartRover's `Y`/`N` flags.
 */
export function buildQueryString(params: Readonly<Record<string, QueryValue>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    search.append(key, typeof value === 'boolean' ? (value ? 'Y' : 'N') : String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
