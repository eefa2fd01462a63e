import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../support/temp-plugin';

/** The built CLI (`npm run build`): tests of `serve` run the real command in its own process. */
export const CLI = path.join(PROJECT_ROOT, 'cli', 'dist', 'main.js');

/** A `serve` process started by a test. */
export interface Served {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code once it exits. */
  readonly exited: Promise<number | null>;
}

/** Starts `cartrover-connector serve --port 0 --data-dir <dataDir> …extra` with only `env` (and PATH). */
export function serve(dataDir: string, extra: readonly string[], env: Readonly<Record<string, string>>): Served {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, ...extra], { env: { PATH: process.env.PATH, ...env } });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** The URL the process printed once it listens; rejects (with its output) when it exits first. */
export async function listening(served: Served): Promise<string> {
  for (;;) {
    const match = /running at (http:\/\/[0-9.]+:[0-9]+)/.exec(served.output());
    if (match) return match[1]!;
    const done = await Promise.race([served.exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 20))]);
    if (done) throw new Error(`serve exited before listening:\n${served.output()}`);
  }
}

/** Stops a process the test started (SIGTERM), unless it has ended already; resolves with its exit code. */
export async function stopServed(served: Served): Promise<number | null> {
  if (served.child.exitCode === null && served.child.signalCode === null) served.child.kill('SIGTERM');
  return served.exited;
}
