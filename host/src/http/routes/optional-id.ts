/** `null` and `""` from a form mean "none", like an absent id. */
export function optionalId(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}
