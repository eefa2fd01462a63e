/** How many bad lines a rejected upload names (enough to fix a file, not a flood). */
const MAX_REPORTED_LINES = 20;

/**
 * Checks that every non-blank line is a JSON object (one record per line). Returns the problems
 * keyed "line N" (1-based, as editors number them) and the record count.
 */
export function checkNdjson(text: string): { records: number; errors: Record<string, string>; messages: Record<string, string> } {
  const errors: Record<string, string> = {};
  /** The same problems as sentences for people (no parser jargon). */
  const messages: Record<string, string> = {};
  let records = 0;
  let reported = 0;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length && reported < MAX_REPORTED_LINES; index += 1) {
    const line = lines[index]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      errors[`line ${index + 1}`] = `is not valid JSON (${(error as Error).message})`;
      messages[`line ${index + 1}`] = `Line ${index + 1} is not a valid record: write one JSON object such as {"id": 1} per line.`;
      reported += 1;
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors[`line ${index + 1}`] = 'must be a JSON object (one record per line)';
      messages[`line ${index + 1}`] = `Line ${index + 1} must be one record in braces, such as {"id": 1}.`;
      reported += 1;
      continue;
    }
    records += 1;
  }
  return { records, errors, messages };
}
