import { readFileSync } from 'node:fs';
import path from 'node:path';
import schema from '../../schemas/cartrover-connection.schema.json';
import { PROJECT_ROOT } from '../support/temp-plugin';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script's CommonJS helper, as the build runs it
const { renderEditorHtml } = require('../../node-red/editor-html') as { renderEditorHtml: (template: string, schema: unknown) => string };

const SOURCE = path.join(PROJECT_ROOT, 'node-red', 'src', 'cartrover.html');
const BUILT = path.join(PROJECT_ROOT, 'node-red', 'dist', 'cartrover.html');

/** The help entry of the level in an editor HTML. */
function levelHelp(html: string): string {
  const entry = /<dt>Concurrency level<\/dt><dd>([^<]*)<\/dd>/.exec(html);
  if (!entry) throw new Error('the connection help has no "Concurrency level" entry');
  return entry[1]!;
}

/** The schema owns the level's bounds and default: the Node-RED help text says them from it. */
describe("Node-RED's connection help takes the level's bounds from the form schema", () => {
  const level = schema.properties.concurrencyLevel;

  it('the built editor HTML (npm run build) says the schema bounds and default', () => {
    expect(levelHelp(readFileSync(BUILT, 'utf8'))).toContain(`${level.minimum} to ${level.maximum} (blank: ${level.default})`);
  });

  it('the source HTML spells no number for the level: placeholders only', () => {
    const help = levelHelp(readFileSync(SOURCE, 'utf8'));
    expect(help).toContain('{{concurrencyLevel.minimum}} to {{concurrencyLevel.maximum}} (blank: {{concurrencyLevel.default}})');
    expect(help).not.toMatch(/\d/);
  });

  it('follows a schema with other bounds, and fails the build on a placeholder the schema has no number for', () => {
    const template = readFileSync(SOURCE, 'utf8');
    const other = { properties: { ...schema.properties, concurrencyLevel: { ...level, minimum: 2, maximum: 9, default: 3 } } };
    expect(levelHelp(renderEditorHtml(template, other))).toContain('2 to 9 (blank: 3)');
    expect(() => renderEditorHtml(template, { properties: {} })).toThrow('{{concurrencyLevel.minimum}} has no number in the connection schema (properties.concurrencyLevel.minimum)');
    expect(() => renderEditorHtml('{{concurrencyLevel.step}}', schema)).toThrow('{{concurrencyLevel.step}} is not a placeholder');
  });
});
