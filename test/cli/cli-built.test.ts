import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { tempDataDir } from '../host/support/host-harness';
import { requireBuiltPlugin } from '../host/support/real-plugin';
import { PROJECT_ROOT } from '../support/temp-plugin';

const CLI = path.join(PROJECT_ROOT, 'cli', 'dist', 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function run(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, cwd: PROJECT_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

describe('the built CLI (node cli/dist/main.js) with the real plugin and the sandbox', () => {
  let sandbox: SandboxServer;
  const data = tempDataDir('cli-built-');

  beforeAll(async () => {
    requireBuiltPlugin();
    sandbox = await startSandbox({});
  });
  afterAll(async () => {
    await sandbox?.close();
    data.remove();
  });

  it('test: exit 0 with the demo key, 1 with a wrong key, 2 without a key or user', async () => {
    const ok = await run(['test', '--api-user', 'demo-merchant', '--cartrover-url', sandbox.url], { CARTROVER_API_KEY: 'demo-merchant-key' });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK: /);
    const wrong = await run(['test', '--api-user', 'demo-merchant', '--cartrover-url', sandbox.url], { CARTROVER_API_KEY: 'not-the-key-42' });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('FAILED (auth');
    expect(wrong.stdout + wrong.stderr).not.toContain('not-the-key-42');
    expect((await run(['test', '--api-user', 'demo-merchant', '--cartrover-url', sandbox.url])).code).toBe(2);
    expect((await run(['test', '--cartrover-url', sandbox.url], { CARTROVER_API_KEY: 'demo-merchant-key' })).code).toBe(2);
  });

  it('export then import round trip', async () => {
    const out = path.join(data.dir, 'inventory.ndjson');
    const exported = await run(['export', 'inventory', '--api-user', 'demo-merchant', '--cartrover-url', sandbox.url, '--out', out], { CARTROVER_API_KEY: 'demo-merchant-key' });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/Exported \d+ records/);

    const orders = ['CLI-1', 'CLI-2'].map((ref) => JSON.stringify({ cust_ref: ref, ship_first_name: 'A', ship_last_name: 'B', ship_address_1: '1 St', ship_city: 'C', ship_zip: '1', ship_country: 'GB', items: [{ item: 'CIO-1001', quantity: 1, price: 1 }] })).join('\n');
    const imported = await run(['import', 'orders.create', '--api-user', 'demo-cart', '--cartrover-url', sandbox.url], { CARTROVER_API_KEY: 'demo-cart-key' }, orders);
    expect(imported.stderr).toContain('Imported: 2 written, 0 skipped (already existed), 0 failed');
    expect(imported.code).toBe(0);
    expect(sandbox.control.counters().ordersCreated['CLI-1']).toBe(1);
    // The same orders again: they exist, so nothing is written and the summary says so.
    const repeated = await run(['import', 'orders.create', '--api-user', 'demo-cart', '--cartrover-url', sandbox.url], { CARTROVER_API_KEY: 'demo-cart-key' }, orders);
    expect(repeated.stderr).toContain('Imported: 0 written, 2 skipped (already existed), 0 failed');
    expect(repeated.stdout.trim().split('\n').map((line) => line.split(':')[0])).toEqual(['line 1 CLI-1', 'line 2 CLI-2']);
    expect(repeated.code).toBe(0);
    const again = await run(['export', 'orders', '--api-user', 'demo-merchant', '--cartrover-url', sandbox.url], { CARTROVER_API_KEY: 'demo-merchant-key' });
    expect(again.stderr).toMatch(/Exported \d+ records/);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('CLI-1');
  });

  it('export into a reader that stops early (| head) ends quietly with 0', async () => {
    const piped = await new Promise<{ code: string; stderr: string }>((resolve) => {
      const child = spawn('bash', ['-c', `"${process.execPath}" "${CLI}" export inventory --api-user demo-merchant --cartrover-url ${sandbox.url} 2>"$ERR" | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"; cat "$ERR"`], {
        env: { PATH: process.env.PATH, CARTROVER_API_KEY: 'demo-merchant-key', ERR: path.join(data.dir, 'export-err.txt') },
        cwd: PROJECT_ROOT,
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('close', () => {
        const [code = '', ...rest] = out.split('\n');
        resolve({ code, stderr: rest.join('\n') });
      });
    });
    expect(piped.stderr).not.toContain('EPIPE');
    expect(piped.code).toBe('0');
  });

  it('a network failure names the address the user set: the flag or the environment variable', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const byFlag = await run(['test', '--api-user', 'demo-merchant', '--cartrover-url', closed], { CARTROVER_API_KEY: 'demo-merchant-key' });
    expect(byFlag.code).toBe(1);
    expect(byFlag.stdout).toContain(`the --cartrover-url you gave (${closed})`);
    expect(byFlag.stdout).not.toContain("host's CARTROVER_BASE_URL");
    const byEnv = await run(['test', '--api-user', 'demo-merchant'], { CARTROVER_API_KEY: 'demo-merchant-key', CARTROVER_BASE_URL: closed });
    expect(byEnv.code).toBe(1);
    expect(byEnv.stdout).toContain(`the CARTROVER_BASE_URL environment variable (${closed})`);
  });

  it('sandbox --port listens on the given port', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, 'sandbox', '--port', String(port)], { env: { PATH: process.env.PATH }, cwd: PROJECT_ROOT });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const deadline = Date.now() + 20000;
      while (!stdout.includes('listening on') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stdout).toContain(`CartRover sandbox listening on http://127.0.0.1:${port}`);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('serve starts, answers /api/health, prints the demo credentials, and stops on SIGTERM', async () => {
    const port = await freePort();
    const sandboxPort = await freePort();
    // A first start (no MASTER_KEY): the generated key's warning is a sentence of the banner, not a JSON log line.
    const child = spawn(process.execPath, [CLI, 'serve', '--sandbox', '--sandbox-port', String(sandboxPort), '--port', String(port), '--data-dir', path.join(data.dir, 'serve')], { env: { PATH: process.env.PATH }, cwd: PROJECT_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const deadline = Date.now() + 20000;
      while (!stdout.includes('Press Ctrl+C') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const dataDir = path.join(data.dir, 'serve');
      const lines = stdout.trim().split('\n');
      expect(lines[0]).toBe(`The integration host is running at http://127.0.0.1:${port}. Its data is in ${dataDir}.`);
      // Jupyter style: the login URL carries a one-time code.
      expect(lines[1]).toMatch(new RegExp(`^To log in, open http://127\\.0\\.0\\.1:${port}/\\?code=[A-Za-z0-9_-]{32} in a browser\\. That address works once, within 10 minutes; after that, open http://127\\.0\\.0\\.1:${port}/\\?token=<token>\\.$`));
      // The first start's generated key is a sentence of the banner, and no JSON log line anywhere.
      expect(lines[2]).toBe(`A new master key was generated in ${path.join(dataDir, 'master.key')} (mode 0600). Back it up: without it the stored secrets cannot be decrypted. Set MASTER_KEY to manage the key yourself.`);
      expect(stdout).toContain(`The bundled CartRover sandbox at http://127.0.0.1:${sandboxPort} stands in for CartRover. Its demo merchant's API user is demo-merchant and its API key is demo-merchant-key.`);
      // Sentences: each line starts with a capital and ends with a full stop.
      for (const line of lines) expect(line).toMatch(/^[A-Z].*\.$/);
      expect(`${stdout}${stderr}`.split('\n').filter((line) => line.trim().startsWith('{'))).toEqual([]);
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
