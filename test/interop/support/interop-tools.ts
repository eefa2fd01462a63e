import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A folder with the given tools (bundlers, JSON Forms and React for a page) installed from the
 * registry, kept between runs: the folder's name is a hash of the exact versions, so a change of
 * versions installs anew and a repeat run installs nothing. Tools are not hosts: the plugin is
 * never installed here (each test installs the fresh tarball into its own host).
 */
export async function installTools(label: string, packages: readonly string[]): Promise<string> {
  const hash = createHash('sha256').update(packages.join('\n')).digest('hex').slice(0, 12);
  const dir = path.join(tmpdir(), 'cartrover-interop-tools', `${label}-${hash}`);
  if (existsSync(path.join(dir, '.installed'))) return dir;
  const staging = `${dir}.${process.pid}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: `interop-tools-${label}`, version: '1.0.0', private: true }, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...packages], {
    cwd: staging,
    env: { ...process.env, npm_config_update_notifier: 'false' },
    maxBuffer: 16 * 1024 * 1024,
  });
  writeFileSync(path.join(staging, '.installed'), packages.join('\n'));
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return dir;
}
