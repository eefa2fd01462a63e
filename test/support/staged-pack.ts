import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './temp-plugin';

const run = promisify(execFile);

/** Never copied: installed packages (linked instead), history, and outputs the pack does not need. */
const NOT_STAGED = new Set(['node_modules', '.git', '.tmp', 'dist-bench']);

/**
 * `npm pack --json ...args` of a copy of the repository, into `destination`; npm's report.
 *
 * Not of the repository itself: a pack runs the packages' prepack, which rebuilds `dist` (and
 * regenerates a source file) in place, while other suites running at the same time load that
 * `dist`. A host starting on a half-written file failed once with "toSelf can only be applied
 * when a newable function is used". The copy links the installed node_modules, so the pack still
 * builds exactly as a publish would.
 */
export async function packStagedCopy<T>(destination: string, args: readonly string[] = []): Promise<T[]> {
  const stage = mkdtempSync(path.join(tmpdir(), 'cartrover-pack-stage-'));
  try {
    cpSync(PROJECT_ROOT, stage, { recursive: true, filter: (source) => !NOT_STAGED.has(path.basename(source)) });
    for (const folder of ['.', ...readdirSync(PROJECT_ROOT)]) {
      const installed = path.join(PROJECT_ROOT, folder, 'node_modules');
      if (existsSync(installed) && existsSync(path.join(stage, folder))) symlinkSync(installed, path.join(stage, folder, 'node_modules'), 'dir');
    }
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination, ...args], { cwd: stage, maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout.slice(stdout.indexOf('['))) as T[];
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
