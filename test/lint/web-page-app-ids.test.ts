import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { FILE_APP_ID } from '../../host/src/files/file-app';
import { PROJECT_ROOT } from '../support/temp-plugin';

/** The manifests of the plugins the host serves here: the default plugin and the host tests' fake one. */
const MANIFESTS = [path.join(PROJECT_ROOT, 'plugin.manifest.json'), path.join(PROJECT_ROOT, 'test', 'host', 'fixtures', 'fake-plugin', 'plugin.manifest.json')];
const PLUGIN_APPS = MANIFESTS.flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as { apps: Array<{ id: string; name: string }> }).apps);

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The host's page learns its apps from GET /api/apps: no app id is written into its code (quoted),
 * and no plugin app's name (anywhere, in any case: a title, a label, a comment), so a page that
 * serves another plugin shows that plugin's names. The apps are read from the manifests.
 */
describe('the web page names no app', () => {
  const folder = path.join(PROJECT_ROOT, 'host', 'src', 'web', 'static');
  const files = [path.join(folder, 'index.html'), ...readdirSync(path.join(folder, 'js')).map((name) => path.join(folder, 'js', name))];

  it('knows the apps it checks for (the manifests name the CartRover app and the fake one)', () => {
    expect(PLUGIN_APPS.map((app) => app.id)).toEqual(expect.arrayContaining(['cartrover', 'fake']));
  });

  it.each(files.map((file) => [path.relative(folder, file), file]))('%s', (_name, file) => {
    // An <input type="file"> (a file chooser) is HTML's own word, not the file app's id.
    const text = readFileSync(file, 'utf8').replace(/\btype=(["'])file\1/g, 'type=(file chooser)');
    for (const id of [...PLUGIN_APPS.map((app) => app.id), FILE_APP_ID]) expect(text).not.toMatch(new RegExp(`['"\`]${escaped(id)}['"\`]`));
    for (const app of PLUGIN_APPS) {
      expect(text).not.toMatch(new RegExp(escaped(app.name), 'i'));
      expect(text).not.toMatch(new RegExp(`\\b${escaped(app.id)}\\b`, 'i'));
    }
  });
});
