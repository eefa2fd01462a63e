import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// dist-bench/bench/support -> the repository root.
const CLI = path.join(__dirname, '..', '..', '..', 'cli', 'dist', 'main.js');

/** The built `cartrover-connector serve` in a child process on a fresh data folder: what a user runs. */
export class ServeProcess {
  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly url: string,
    readonly token: string,
    private readonly dataDir: string,
  ) {}

  /** On `dataDir` (a fresh folder by default; removed by stop either way), against `cartroverUrl` (default: nothing listens). */
  static async start(options: { dataDir?: string; cartroverUrl?: string } = {}): Promise<ServeProcess> {
    const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'bench-serve-'));
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--cartrover-url', options.cartroverUrl ?? 'http://127.0.0.1:9'], {
      env: { PATH: process.env.PATH, MASTER_KEY: Buffer.alloc(32, 3).toString('base64') },
    });
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = /running at (http:\/\/[0-9.]+:[0-9]+)/.exec(output);
        if (match) resolve(match[1]!);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });
    return new ServeProcess(child, url, readFileSync(path.join(dataDir, 'host.token'), 'utf8').trim(), dataDir);
  }

  /** The child's resident set size now, in bytes (Linux /proc). */
  rss(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+([0-9]+) kB/.exec(status)?.[1] ?? 0) * 1024;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('close', resolve));
    this.child.kill('SIGTERM');
    await exited;
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
