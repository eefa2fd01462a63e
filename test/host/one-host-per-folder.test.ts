/**
 * Two hosts on one data folder without Redis drift apart (issue 19.3): the second `serve` refuses
 * with exit 2 and a sentence naming the first host and --redis-url; a killed host leaves nothing
 * that blocks the next start. Real `serve` processes (the built CLI).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listening, serve as serveCommand, stopServed } from './support/served-host';
import type { Served } from './support/served-host';

const ENV = { MASTER_KEY: Buffer.alloc(32, 29).toString('base64') };

function serve(dataDir: string, extra: string[] = []): Served {
  return serveCommand(dataDir, ['--cartrover-url', 'http://127.0.0.1:9', ...extra], ENV);
}

describe('one host process per data folder without Redis', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'host-one-per-folder-'));
  const running: Served[] = [];

  afterAll(async () => {
    for (const served of running) await stopServed(served);
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
