/** `[a, 1, b, 2]` -> `[[a, 1], [b, 2]]` (Redis replies of HGETALL and the like). */
export function pairs(flat: readonly string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) result.push([flat[index], flat[index + 1]]);
  return result;
}
