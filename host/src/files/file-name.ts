/** Names of files in the files area: one path segment, no dot-files, nothing that could escape. */
export const FILE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';
const FILE_NAME = new RegExp(FILE_NAME_PATTERN);

export function isValidFileName(name: string): boolean {
  return FILE_NAME.test(name) && !name.includes('..');
}

export const FILE_NAME_RULE = 'must be 1..128 characters: letters, digits, ".", "_" or "-", starting with a letter or digit, without ".."';
/** {@link FILE_NAME_RULE} for people (the REST answer's `messages`). */
export const FILE_NAME_SENTENCE = 'A file name has 1 to 128 letters, digits, dots, dashes or underscores, starts with a letter or digit, and has no two dots in a row.';
