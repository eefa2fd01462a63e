import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../support/temp-plugin';
import { packStagedCopy } from '../../support/staged-pack';

const run = promisify(execFile);

/** The Node-RED version the package is tested with (its pinned devDependency). */
export const NODE_RED_VERSION = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'node-red', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> })
  .devDependencies['node-red']!;

export interface NodeRedInstall {
  /** Where node-red and the two tarballs are installed (its node_modules is a Node-RED user dir's). */
  readonly dir: string;
  readonly redScript: string;
  readonly tarballs: readonly string[];
}

export function registryReachable(): boolean {
  try {
    execFileSync('npm', ['view', 'node-red@' + NODE_RED_VERSION, 'version'], { timeout: 30_000, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

async function pack(args: readonly string[], destination: string): Promise<string> {
  // `npm pack` runs each package's own prepack (its build), exactly as a publish would.
  const packed = await packStagedCopy<{ filename: string }>(destination, args);
  return path.join(destination, packed[0]!.filename);
}

/**
 * Packs the plugin and node-red-contrib-cartrover and installs both tarballs next to node-red
 * from the registry into `work/install`, as a user's `npm install` in ~/.node-red would (npm's
 * cache makes later runs quick).
 */
export async function installNodeRed(work: string): Promise<NodeRedInstall> {
  // While working on the tests: NODE_RED_E2E_INSTALL=<a dir this function installed before> skips packing and installing.
  const reused = process.env.NODE_RED_E2E_INSTALL;
  if (reused) return { dir: reused, redScript: path.join(reused, 'node_modules', 'node-red', 'red.js'), tarballs: [] };
  const plugin = await pack([], work);
  const nodes = await pack(['--workspace', 'node-red'], work);
  const dir = path.join(work, 'install');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'node-red-user-dir', version: '1.0.0', private: true }, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=warn', `node-red@${NODE_RED_VERSION}`, plugin, nodes], {
    cwd: dir,
    env: { ...process.env, npm_config_update_notifier: 'false' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return { dir, redScript: path.join(dir, 'node_modules', 'node-red', 'red.js'), tarballs: [plugin, nodes] };
}
