import { parseNdjsonLine } from './ndjson-line';

/** How many bad lines a rejected upload names (enough to fix a file, not a flood). */
export const MAX_REPORTED_LINES = 20;

export interface NdjsonProblems {
  readonly errors: Record<string, string>;
  /** The same problems as sentences for people (no parser jargon). */
  readonly messages: Record<string, string>;
}

/**
 * Checks one line (1-based `lineNumber`, as editors number them): a blank line is skipped, a JSON
 * object is a record, anything else is a problem written into `problems`. Answers whether it is a record.
 */
export function checkNdjsonLine(raw: string, lineNumber: number, problems: NdjsonProblems): boolean {
  const line = parseNdjsonLine(raw);
  if (line.kind === 'not_json') {
    problems.errors[`line ${lineNumber}`] = `is not valid JSON (${line.detail})`;
    problems.messages[`line ${lineNumber}`] = `Line ${lineNumber} is not a valid record: write one JSON object such as {"id": 1} per line.`;
  } else if (line.kind === 'not_object') {
    problems.errors[`line ${lineNumber}`] = 'must be a JSON object (one record per line)';
    problems.messages[`line ${lineNumber}`] = `Line ${lineNumber} must be one record in braces, such as {"id": 1}.`;
  }
  return line.kind === 'record';
}
