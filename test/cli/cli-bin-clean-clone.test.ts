import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../support/temp-plugin';

const cliPackage = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cli', 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string> };

/** The files of cli/ a clean clone has: what git tracks (no dist/, no node_modules/). */
function trackedCliFiles(): string[] {
  return execFileSync('git', ['ls-files', 'cli'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('the cartrover-connector bin on a clean clone (npm links it at install time, before any build)', () => {
  let clone: string;

  beforeAll(() => {
    // A clean clone in miniature: the tracked cli/ files and a workspace root, dependencies left out
    // (what decides the link is whether the bin's file exists when npm installs).
    clone = mkdtempSync(path.join(tmpdir(), 'cli-clean-clone-'));
    for (const file of trackedCliFiles()) {
      const target = path.join(clone, file);
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(path.join(PROJECT_ROOT, file), target);
      chmodSync(target, statSync(path.join(PROJECT_ROOT, file)).mode);
    }
    writeFileSync(path.join(clone, 'package.json'), JSON.stringify({ name: 'clean-clone', private: true, workspaces: ['cli'] }));
    writeFileSync(path.join(clone, 'cli', 'package.json'), JSON.stringify({ name: cliPackage.name, version: cliPackage.version, bin: cliPackage.bin }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: clone, stdio: 'pipe' });
  });
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  it('the bin is a committed file, so node_modules/.bin/cartrover-connector exists right after install', () => {
    const bin = cliPackage.bin['cartrover-connector'];
    expect(trackedCliFiles()).toContain(`cli/${bin}`);
    expect(existsSync(path.join(clone, 'node_modules', '.bin', 'cartrover-connector'))).toBe(true);
  });

  it('before the build, npx cartrover-connector says to run the build (exit 2), not "could not determine executable"', () => {
    const result = spawnSync('npx', ['--no-install', 'cartrover-connector', '--help'], { cwd: clone, encoding: 'utf8' });
    expect(result.stderr).not.toContain('could not determine executable');
    expect(result.stderr).toContain('cartrover-connector is not built yet: run `npm run build` in the repository root');
    expect(result.status).toBe(2);
  });

  it('after the build (this repository), the same bin runs the CLI: --help lists the commands, exit 0', () => {
    const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'cli', cliPackage.bin['cartrover-connector']), '--help'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Usage: cartrover-connector');
    expect(result.stdout).toMatch(/serve\b[\s\S]*import\b/);
    expect(result.status).toBe(0);
  });
});
