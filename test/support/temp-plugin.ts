import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Project root (the folder with package.json). */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Writes a plugin (manifest + CommonJS entry) into a temp folder inside the project, so that its
 * `require('inversify')` resolves to the project's copy. Returns the manifest path.
 */
export function writeTempPlugin(options: {
  manifest: Record<string, unknown> | string;
  entrySource?: string;
  entryName?: string;
}): { manifestPath: string; dir: string; cleanup: () => void } {
  const base = path.join(PROJECT_ROOT, 'test', '.tmp');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, 'plugin-'));
  const manifestPath = path.join(dir, 'plugin.manifest.json');
  writeFileSync(manifestPath, typeof options.manifest === 'string' ? options.manifest : JSON.stringify(options.manifest, null, 2));
  writeFileSync(path.join(dir, 'form.schema.json'), '{}');
  writeFileSync(path.join(dir, 'form.ui.json'), '{}');
  if (options.entrySource !== undefined) writeFileSync(path.join(dir, options.entryName ?? 'index.js'), options.entrySource);
  return { manifestPath, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A CommonJS plugin entry that contributes one app with the given id and roles. */
export function appPluginSource(appId: string, roles: string[], extra = ''): string {
  return `
const { ContainerModule } = require('inversify');
const APP = Symbol.for('integration-host/contribution/app');
const app = {
  id: ${JSON.stringify(appId)}, name: 'Test app ' + ${JSON.stringify(appId)}, roles: ${JSON.stringify(roles)},
  documentation: [{ title: 'Docs', url: 'https://example.invalid/docs' }],
  connectionForm: { schema: {}, secretFields: [], render: () => ({ appId: ${JSON.stringify(appId)}, fields: [], valid: true, errors: {} }), validate: (values) => ({ ok: true, values }) },
  testHandler: { test: async () => ({ ok: true, message: 'ok', latencyMs: 0 }) },
  operations: [],
  lifecycle: { sync: async () => {}, deletionBlocker: () => undefined },
};
exports.default = new ContainerModule(({ bind }) => {
  const self = Symbol.for('test-plugin/' + ${JSON.stringify(appId)});
  bind(self).toConstantValue(app);
  bind(APP).toService(self);
  ${extra}
});
`;
}

export function testManifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'test-plugin',
    name: 'Test plugin',
    version: '1.0.0',
    hostApi: '^2.0.0',
    entry: './index.js',
    apps: [
      {
        id: 'test-app',
        name: 'Test app',
        roles: ['source'],
        connectionForm: { schema: './form.schema.json', ui: './form.ui.json' },
        documentation: [{ title: 'Docs', url: 'https://example.invalid/docs' }],
      },
    ],
    ...overrides,
  };
}
