/** The form of a connection name that uniqueness compares: trimmed, Unicode-normalised, lower case. */
export function nameKeyOf(name: string): string {
  return name.trim().normalize('NFKC').toLowerCase();
}
