import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../support/temp-plugin';

/** The host's page learns its apps from GET /api/apps: no app id is written into its code. */
describe('the web page names no app id', () => {
  const folder = path.join(PROJECT_ROOT, 'host', 'src', 'web', 'static');
  const files = [path.join(folder, 'index.html'), ...readdirSync(path.join(folder, 'js')).map((name) => path.join(folder, 'js', name))];

  it.each(files.map((file) => [path.relative(folder, file), file]))('%s', (_name, file) => {
    // An <input type="file"> (a file chooser) is HTML's own word, not the file app's id.
    const text = readFileSync(file, 'utf8').replace(/\btype=(["'])file\1/g, 'type=(file chooser)');
    expect(text).not.toMatch(/['"`](cartrover|file)['"`]/);
  });
});
