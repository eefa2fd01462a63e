import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONNECTION_FORM_FILES, PEER_DEPENDENCIES } from '../../src/plugin-package/generated/plugin-package-data';
import { PROJECT_ROOT } from '../support/temp-plugin';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require('../../tools/generate-plugin-package-data.js') as { renderPluginPackageData(root?: string): string; TARGET: string };

describe('the module generated from plugin.manifest.json, schemas/ and package.json', () => {
  it('is exactly what the generator writes from the files as they are now (run `npm run build` after editing schemas/)', () => {
    expect(readFileSync(generator.TARGET, 'utf8')).toBe(generator.renderPluginPackageData(PROJECT_ROOT));
  });

  it('holds the files the manifest names, as they are on disk', () => {
    const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'plugin.manifest.json'), 'utf8')) as {
      apps: Array<{ id: string; connectionForm: { schema: string; ui: string } }>;
    };
    for (const app of manifest.apps) {
      const files = CONNECTION_FORM_FILES[app.id]!;
      expect(files.schema).toEqual(JSON.parse(readFileSync(path.join(PROJECT_ROOT, app.connectionForm.schema), 'utf8')));
      expect(files.ui).toEqual(JSON.parse(readFileSync(path.join(PROJECT_ROOT, app.connectionForm.ui), 'utf8')));
    }
    expect(PEER_DEPENDENCIES).toEqual((JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { peerDependencies: unknown }).peerDependencies);
  });

  it('differs once a schema the manifest names is edited (so the first test catches a stale module)', () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'cartrover-generated-'));
    try {
      for (const file of ['package.json', 'plugin.manifest.json']) copyFileSync(path.join(PROJECT_ROOT, file), path.join(copy, file));
      cpSync(path.join(PROJECT_ROOT, 'schemas'), path.join(copy, 'schemas'), { recursive: true });
      expect(generator.renderPluginPackageData(copy)).toBe(readFileSync(generator.TARGET, 'utf8'));
      const schemaFile = path.join(copy, 'schemas', 'cartrover-connection.ui.json');
      writeFileSync(schemaFile, readFileSync(schemaFile, 'utf8').replace('"Concurrency level"', '"Edited level"'));
      expect(generator.renderPluginPackageData(copy)).not.toBe(readFileSync(generator.TARGET, 'utf8'));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
