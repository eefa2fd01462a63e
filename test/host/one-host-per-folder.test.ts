/**
 * Two hosts on one data folder without Redis drift apart (issue 19.3): the second `serve` refuses
 * with exit 2 and a sentence naming the first host and --redis-url; a killed host leaves nothing
 * that blocks the next start. Real `serve` processes (the built CLI).
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../support/temp-plugin';

const CLI = path.join(PROJECT_ROOT, 'cli', 'dist', 'main.js');
const ENV = { PATH: process.env.PATH, MASTER_KEY: Buffer.alloc(32, 29).toString('base64') };

interface Served {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code once it exits. */
  readonly exited: Promise<number | null>;
}

function serve(dataDir: string, extra: string[] = []): Served {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--cartrover-url', 'http://127.0.0.1:9', ...extra], { env: ENV });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function listening(served: Served): Promise<string> {
  for (;;) {
    const match = /Integration host: (http:\/\/[0-9.]+:[0-9]+)/.exec(served.output());
    if (match) return match[1]!;
    const done = await Promise.race([served.exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 20))]);
    if (done) throw new Error(`serve exited before listening:\n${served.output()}`);
  }
}

describe('one host process per data folder without Redis', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'host-one-per-folder-'));
  const running: Served[] = [];

  afterAll(async () => {
    for (const served of running) {
      if (served.child.exitCode === null && served.child.signalCode === null) {
        served.child.kill('SIGTERM');
        await served.exited;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a second serve exits 2 naming the first host and --redis-url; after the first is killed, a new one starts', async () => {
    const first = serve(dataDir);
    running.push(first);
    const firstUrl = await listening(first);

    const second = serve(dataDir);
    running.push(second);
    expect(await second.exited).toBe(2);
    expect(second.output()).toContain(`Another host already serves this data folder (process ${first.child.pid} at ${firstUrl}`);
    expect(second.output()).toContain('--redis-url');
    // The refused host wrote nothing that outlives it, and the first still serves.
    expect(readdirSync(path.join(dataDir, 'hosts'))).toEqual([`${first.child.pid}.json`]);
    expect((await fetch(`${firstUrl}/api/health`)).status).toBe(200);

    // A killed host cannot clean up: its card stays, but names a process that is gone.
    first.child.kill('SIGKILL');
    await first.exited;
    const third = serve(dataDir);
    running.push(third);
    const thirdUrl = await listening(third);
    expect((await fetch(`${thirdUrl}/api/health`)).status).toBe(200);
    expect(readdirSync(path.join(dataDir, 'hosts'))).toEqual([`${third.child.pid}.json`]);

    // A clean stop removes the card.
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    expect(readdirSync(path.join(dataDir, 'hosts'))).toEqual([]);
  }, 60_000);
});
