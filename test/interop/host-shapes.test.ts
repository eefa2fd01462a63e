import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSandbox, type SandboxServer } from '../../sandbox/src';
import { PROJECT_ROOT } from '../support/temp-plugin';
import { expectHostRan } from './support/host-expectations';
import { installTools } from './support/interop-tools';
import { describeWithRegistry, packPlugin } from './support/packed-tarball';
import { installThrowawayHost, typecheckInHost } from './support/throwaway-host';

/*
 * The README's "Host shapes" blocks, run as written in a throwaway host that installed the packed
 * tarball: CommonJS, ES module, TypeScript (type-checked) and bundled (esbuild CJS and ESM, webpack),
 * each bundle run from an empty folder with nothing but the bundle. The bundles of the full host
 * check (fixtures/host-check.*) run there too: load, render, test, export against the sandbox.
 */
const run = promisify(execFile);
const FIXTURES = path.join(__dirname, 'fixtures');
const TSC = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const BUNDLERS = ['esbuild@0.28.2', 'webpack@5.113.0', 'webpack-cli@7.3.1'];
const SANDBOX_ACCOUNT = { GOOD_USER: 'demo-merchant', GOOD_KEY: 'demo-merchant-key' };

function readmeBlock(name: string, language: string): string {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const block = new RegExp(`<!-- host: ${name} -->\\s*\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!block) throw new Error(`README.md has no "<!-- host: ${name} -->" block in ${language}`);
  return block[1]!;
}

/** Runs a bundle copied alone into an empty folder (no node_modules anywhere above it). */
async function runBundleAlone(bundle: string, env: Record<string, string>): Promise<{ stdout: string; alone: string[] }> {
  const folder = mkdtempSync(path.join(tmpdir(), 'cartrover-bundle-'));
  try {
    const file = path.join(folder, path.basename(bundle));
    copyFileSync(bundle, file);
    const alone = readdirSync(folder);
    const { stdout } = await run(process.execPath, [file], { cwd: folder, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 16 * 1024 * 1024 }).catch(
      (error: { stdout?: string; stderr?: string }) => ({ stdout: `${error.stdout ?? ''}\n${error.stderr ?? ''}` }),
    );
    return { stdout, alone };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describeWithRegistry('the README host shapes')('the README host shapes, from the packed tarball', () => {
  let work: string;
  let hostDir: string;
  let toolsBin: string;
  let sandbox: SandboxServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'cartrover-shapes-'));
    const [{ tarball }, tools] = await Promise.all([packPlugin(work), installTools('bundlers', BUNDLERS)]);
    toolsBin = path.join(tools, 'node_modules', '.bin');
    hostDir = path.join(work, 'host');
    await installThrowawayHost(hostDir, tarball, ['inversify@^7', 'reflect-metadata@0.2.2', '@types/node@20']);
    writeFileSync(path.join(hostDir, 'host.cjs'), readmeBlock('cjs', 'js'));
    writeFileSync(path.join(hostDir, 'host.mjs'), readmeBlock('esm', 'js'));
    writeFileSync(path.join(hostDir, 'host.mts'), readmeBlock('typescript', 'ts'));
    for (const file of ['host-run.cjs', 'host-check.cjs', 'host-check.mjs']) copyFileSync(path.join(FIXTURES, file), path.join(hostDir, file));
    sandbox = await startSandbox({ port: 0 });
    env = { CARTROVER_BASE_URL: sandbox.url, ...SANDBOX_ACCOUNT };
  }, 600_000);

  afterAll(async () => {
    await sandbox?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(['host.cjs', 'host.mjs'])('%s runs as written', async (script) => {
    const { stdout } = await run(process.execPath, [script], { cwd: hostDir, env: { PATH: process.env.PATH ?? '', ...env } });
    expect(stdout.trim()).toBe('cartrover 6');
  });

  it('the TypeScript block compiles as host.mts under NodeNext (strict, skipLibCheck false)', async () => {
    const result = await typecheckInHost(hostDir, 'host.mts', { module: 'nodenext', moduleResolution: 'nodenext' }, TSC);
    expect(result).toEqual({ ok: true, output: '' });
  });

  describe('bundled', () => {
    let bundled: Map<string, string>;

    beforeAll(async () => {
      // The README's commands for its hosts, then the same commands for the full host check.
      const lines = readmeBlock('bundled', 'sh').trim().split('\n');
      const commands = [...lines, ...lines.map((line) => line.replaceAll('host.', 'host-check.').replaceAll('bundle/', 'bundle-check/'))];
      bundled = new Map();
      for (const line of commands) {
        const [tool, ...args] = (line.match(/"[^"]*"|\S+/g) ?? []).slice(1).map((word) => word.replace(/^"(.*)"$/, '$1'));
        const { stdout, stderr } = await run(path.join(toolsBin, tool!), args, { cwd: hostDir, maxBuffer: 16 * 1024 * 1024 });
        bundled.set(line, `${stdout}${stderr}`);
      }
    }, 600_000);

    it.each([
      ['esbuild, CommonJS', 'bundle/host.cjs'],
      ['esbuild, ES module', 'bundle/host.mjs'],
      ['webpack', 'bundle/webpack/main.js'],
    ])('%s: the README host runs from its bundle alone', async (_what, bundle) => {
      const { stdout, alone } = await runBundleAlone(path.join(hostDir, bundle), env);
      expect(alone).toEqual([path.basename(bundle)]);
      expect(stdout.trim()).toBe('cartrover 6');
    });

    it.each([
      ['esbuild, CommonJS', 'bundle-check/host-check.cjs'],
      ['esbuild, ES module', 'bundle-check/host-check.mjs'],
      ['webpack', 'bundle-check/webpack/main.js'],
    ])('%s: the full host check runs from its bundle alone (load, render, test, export)', async (_what, bundle) => {
      const { stdout } = await runBundleAlone(path.join(hostDir, bundle), env);
      const seen = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
      expectHostRan(seen);
    });

    it('bundling printed no error, and warnings only of optional requires (redis here, supports-color in axios\'s debug)', () => {
      const output = [...bundled.values()].join('\n');
      expect(output).not.toMatch(/ERROR in|\[ERROR\]/);
      const unresolved = new Set([...output.matchAll(/Can't resolve '([^']+)'/g)].map((match) => match[1]));
      expect([...unresolved].filter((name) => name !== 'redis' && name !== 'supports-color')).toEqual([]);
      expect(output.match(/WARNING in /g)?.length ?? 0).toBeLessThanOrEqual(2 * 2);
    });
  });
});
