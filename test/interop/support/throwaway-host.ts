import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What `npm install` printed and left behind in a throwaway host project. */
export interface ThrowawayHost {
  readonly dir: string;
  readonly installOutput: string;
}

/** Packages a host that installs only the plugin must never receive. */
export const HOST_ONLY_PACKAGES = ['fastify', 'better-sqlite3', 'pino', 'commander', 'cli-progress'] as const;

/**
 * Makes a host project in `dir` and installs the plugin tarball next to the given packages
 * (its own inversify, reflect-metadata, ...) from the registry, as a host author would.
 */
export async function installThrowawayHost(dir: string, tarball: string, packages: readonly string[], extraFlags: readonly string[] = []): Promise<ThrowawayHost> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), version: '1.0.0', private: true }, null, 2));
  const { stdout, stderr } = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=warn', ...extraFlags, tarball, ...packages], {
    cwd: dir,
    env: { ...process.env, npm_config_update_notifier: 'false' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return { dir, installOutput: `${stdout}\n${stderr}` };
}

/** An install the registry or npm refuses: its exit code and output, instead of a throw. */
export async function tryInstall(dir: string, tarball: string, packages: readonly string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const host = await installThrowawayHost(dir, tarball, packages);
    return { ok: true, output: host.installOutput };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}\n${failed.stderr ?? ''}` };
  }
}

/** Every file under node_modules whose name matches, for "no native module" checks. */
export function findFiles(root: string, matches: (name: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder)) {
      const full = path.join(folder, entry);
      const stats = statSync(full, { throwIfNoEntry: false });
      if (!stats) continue;
      if (stats.isDirectory()) walk(full);
      else if (matches(entry)) found.push(full);
    }
  };
  if (existsSync(root)) walk(root);
  return found;
}

/** The packages installed at the top of a host's node_modules (scoped ones as `@scope/name`). */
export function installedPackages(dir: string): string[] {
  const modules = path.join(dir, 'node_modules');
  return readdirSync(modules).flatMap((entry) =>
    entry.startsWith('@') ? readdirSync(path.join(modules, entry)).map((name) => `${entry}/${name}`) : entry.startsWith('.') ? [] : [entry],
  );
}

/** Runs a node script inside the host project and parses its one JSON line. */
export async function runHostScript(dir: string, script: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  const result = await run(process.execPath, [script], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env } }).catch(
    (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`the host script printed no JSON line: ${result.stdout}\n${result.stderr}`);
  }
}

/** Type-checks a TypeScript file inside the host project with the repository's TypeScript. */
export async function typecheckInHost(dir: string, file: string, compilerOptions: Record<string, string | boolean>, tscPath: string): Promise<{ ok: boolean; output: string }> {
  const config = { compilerOptions: { strict: true, noEmit: true, target: 'ES2022', skipLibCheck: false, types: ['node'], ...compilerOptions }, files: [file] };
  const configFile = path.join(dir, `tsconfig.${path.basename(file, ".ts")}.${String(compilerOptions.moduleResolution)}.json`);
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  try {
    const { stdout, stderr } = await run(process.execPath, [tscPath, '-p', configFile], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
