import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../../cli/src/run-cli';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process with captured streams (no TTY, so no progress bar). */
export async function runCliCaptured(argv: string[], env: NodeJS.ProcessEnv = {}, stdinText = ''): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const code = await runCli(argv, { stdout, stderr, stdin: Readable.from([stdinText]), env });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
