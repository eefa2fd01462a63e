import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Container } from 'inversify';
import { HOST_API_VERSION, TOKENS } from '../../../src/contracts';
import type { AppContribution } from '../../../src/contracts';
import { PluginLoader, PluginLoadError } from '../../../host/src/loader';
import { PROJECT_ROOT, appPluginSource, testManifest, writeTempPlugin } from '../../support/temp-plugin';

const REAL_MANIFEST = path.join(PROJECT_ROOT, 'plugin.manifest.json');

function appIds(container: Container): string[] {
  return container.getAll<AppContribution>(TOKENS.AppContribution, { optional: true }).map((app) => app.id).sort();
}

/** Every service id bound in the container, to prove a failed load leaves nothing behind. */
function boundTokens(container: Container): boolean[] {
  return Object.values(TOKENS).map((token) => container.isBound(token));
}

describe('PluginLoader', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  function tempPlugin(...args: Parameters<typeof writeTempPlugin>): string {
    const plugin = writeTempPlugin(...args);
    cleanups.push(plugin.cleanup);
    return plugin.manifestPath;
  }

  it('loads the real plugin.manifest.json and resolves the CartRover app with both roles', async () => {
    const container = new Container();
    const loader = new PluginLoader(container);
    const plugin = await loader.load(REAL_MANIFEST);
    expect(plugin.manifest.id).toBe('cartrover-connector');
    const app = loader.app('cartrover');
    expect(app).toBeDefined();
    expect(app!.name).toBe('CartRover');
    expect([...app!.roles].sort()).toEqual(['destination', 'source']);
    expect(app!.documentation.map((link) => link.title)).toEqual(['CartRover API Guide', 'Authentication']);
    expect(typeof app!.testHandler.test).toBe('function');
    expect(typeof app!.connectionForm.render).toBe('function');
    expect(container.isBound(TOKENS.PoolRegistry)).toBe(true);
  });

  it('loads two plugins side by side; unloading one leaves the other', async () => {
    const container = new Container();
    const loader = new PluginLoader(container);
    await loader.load(REAL_MANIFEST);
    const second = tempPlugin({ manifest: testManifest(), entrySource: appPluginSource('test-app', ['source']) });
    await loader.load(second);
    expect(appIds(container)).toEqual(['cartrover', 'test-app']);

    await loader.unload('test-plugin');
    expect(appIds(container)).toEqual(['cartrover']);
    await loader.load(second);
    await loader.unload('cartrover-connector');
    expect(appIds(container)).toEqual(['test-app']);
  });

  it('keeps host-bound services: the plugin binds its defaults only where the host has none', async () => {
    const container = new Container();
    const hostClock = { now: () => 42, sleep: async () => undefined };
    container.bind(TOKENS.Clock).toConstantValue(hostClock);
    const loader = new PluginLoader(container);
    await loader.load(REAL_MANIFEST);
    expect(container.getAll(TOKENS.Clock)).toEqual([hostClock]);
    await loader.unload('cartrover-connector');
    expect(container.get(TOKENS.Clock)).toBe(hostClock);
    expect(container.isBound(TOKENS.PoolRegistry)).toBe(false);
  });

  describe('bad input: one clear error naming the file and the field; the container is unchanged', () => {
    async function expectLoadError(manifestPath: string, field: string | undefined, reason: RegExp): Promise<void> {
      const container = new Container();
      const loader = new PluginLoader(container);
      await loader.load(REAL_MANIFEST);
      const before = { apps: appIds(container), tokens: boundTokens(container) };
      const error = await loader.load(manifestPath).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(PluginLoadError);
      const loadError = error as PluginLoadError;
      expect(loadError.file).toBe(path.resolve(manifestPath));
      expect(loadError.field).toBe(field);
      expect(loadError.reason).toMatch(reason);
      expect(loadError.message).toContain(path.resolve(manifestPath));
      expect({ apps: appIds(container), tokens: boundTokens(container) }).toEqual(before);
      expect(loader.plugins().map((plugin) => plugin.manifest.id)).toEqual(['cartrover-connector']);
    }

    it('missing manifest', async () => {
      await expectLoadError(path.join(PROJECT_ROOT, 'test', 'no-such-dir', 'plugin.manifest.json'), undefined, /manifest file not found/);
    });

    it('unparsable manifest', async () => {
      await expectLoadError(tempPlugin({ manifest: '{ "id": "x", ' }), undefined, /not valid JSON/);
    });

    it('schema violations name the field', async () => {
      const missingEntry = testManifest();
      delete missingEntry.entry;
      await expectLoadError(tempPlugin({ manifest: missingEntry }), 'entry', /is required/);
      const badRole = testManifest();
      (badRole.apps as Array<Record<string, unknown>>)[0]!.roles = ['sink'];
      await expectLoadError(tempPlugin({ manifest: badRole }), 'apps[0].roles[0]', /must be one of "source", "destination"/);
      await expectLoadError(tempPlugin({ manifest: testManifest({ colour: 'red' }) }), 'colour', /not a known manifest field/);
    });

    it('missing entry file', async () => {
      await expectLoadError(tempPlugin({ manifest: testManifest({ entry: './missing.js' }) }), 'entry', /file not found/);
    });

    it('entry without a default ContainerModule', async () => {
      const manifestPath = tempPlugin({ manifest: testManifest(), entrySource: 'exports.notDefault = 1;' });
      await expectLoadError(manifestPath, 'entry', /no default export that is an inversify ContainerModule/);
    });

    it('entry that throws while loading', async () => {
      const manifestPath = tempPlugin({ manifest: testManifest(), entrySource: 'throw new Error("boom at import");' });
      await expectLoadError(manifestPath, 'entry', /failed to load: boom at import/);
    });

    it('incompatible hostApi', async () => {
      await expectLoadError(tempPlugin({ manifest: testManifest({ hostApi: '^3.0.0' }), entrySource: appPluginSource('test-app', ['source']) }), 'hostApi', new RegExp(`does not include this host's API version ${HOST_API_VERSION.replace(/\./g, '\\.')}`));
      await expectLoadError(tempPlugin({ manifest: testManifest({ hostApi: 'banana' }) }), 'hostApi', /not a semver range/);
    });

    it('duplicate app id across two plugins', async () => {
      const manifest = testManifest({ id: 'other-plugin' });
      (manifest.apps as Array<Record<string, unknown>>)[0]!.id = 'cartrover';
      await expectLoadError(tempPlugin({ manifest, entrySource: appPluginSource('cartrover', ['source']) }), 'apps[0].id', /already contributed by plugin "cartrover-connector"/);
    });

    it('a module that binds, then throws, leaves nothing bound', async () => {
      const source = appPluginSource('test-app', ['source'], `bind(Symbol.for('integration-host/service/clock')).toConstantValue({}); throw new Error('half way');`);
      await expectLoadError(tempPlugin({ manifest: testManifest(), entrySource: source }), 'entry', /ContainerModule failed: half way/);
    });

    it('an app the manifest does not declare, or roles that differ', async () => {
      await expectLoadError(tempPlugin({ manifest: testManifest(), entrySource: appPluginSource('other-app', ['source']) }), 'apps[0].id', /does not contribute app "test-app"/);
      await expectLoadError(tempPlugin({ manifest: testManifest(), entrySource: appPluginSource('test-app', ['destination']) }), 'apps[0].roles', /declares source but the app has destination/);
    });

    it('missing connection form files', async () => {
      const manifest = testManifest();
      (manifest.apps as Array<Record<string, unknown>>)[0]!.connectionForm = { schema: './nope.json', ui: './form.ui.json' };
      await expectLoadError(tempPlugin({ manifest, entrySource: appPluginSource('test-app', ['source']) }), 'apps[0].connectionForm.schema', /file not found/);
    });

    it("a host inversify outside the plugin's peer range names both versions", async () => {
      const plugin = writeTempPlugin({ manifest: testManifest(), entrySource: appPluginSource('test-app', ['source']) });
      cleanups.push(plugin.cleanup);
      writeFileSync(path.join(plugin.dir, 'package.json'), JSON.stringify({ name: 'old-plugin', peerDependencies: { inversify: '^6.0.0' } }));
      const hostVersion = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'inversify', 'package.json'), 'utf8')) as { version: string }).version;
      await expectLoadError(
        plugin.manifestPath,
        'peerDependencies.inversify',
        new RegExp(`supports inversify \\^6\\.0\\.0, but this host runs inversify ${hostVersion.replace(/\./g, '\\.')}`),
      );
    });

    it('a plugin that brings its own copy of inversify is refused before its entry runs', async () => {
      const plugin = writeTempPlugin({ manifest: testManifest(), entrySource: "throw new Error('the entry must not run');" });
      cleanups.push(plugin.cleanup);
      const nested = path.join(plugin.dir, 'node_modules', 'inversify');
      mkdirSync(nested, { recursive: true });
      writeFileSync(path.join(nested, 'package.json'), JSON.stringify({ name: 'inversify', version: '7.8.0', main: 'index.js' }));
      writeFileSync(path.join(nested, 'index.js'), 'module.exports = {};');
      await expectLoadError(plugin.manifestPath, 'peerDependencies.inversify', /resolves its own copy of inversify 7\.8\.0 .* must share the host's copy/);
    });
  });
});
