import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeWithRedis, TestRedisServer } from '../concurrency/support/redis-server';
import { requireBuiltPlugin } from '../host/support/real-plugin';
import { PROJECT_ROOT } from '../support/temp-plugin';

const CLI = path.join(PROJECT_ROOT, 'cli', 'dist', 'main.js');

function runCli(args: string[], stdin = ''): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, CARTROVER_API_KEY: 'demo-cart-key' }, cwd: PROJECT_ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(stdin);
  });
}

/**
 * No silent success (D4, D8): `import` and `serve` given a --redis-url that is no usable Redis
 * exit non-zero, before sending anything, with a sentence naming the URL (password masked).
 */
describeWithRedis('the CLI with a --redis-url that is no usable Redis', () => {
  let notRedis: Server;
  let notRedisUrl: string;
  let protectedRedis: TestRedisServer;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cli-redis-failures-'));

  beforeAll(async () => {
    requireBuiltPlugin();
    notRedis = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
    });
    await new Promise<void>((resolve) => notRedis.listen(0, '127.0.0.1', resolve));
    notRedisUrl = `redis://:s3cret@127.0.0.1:${(notRedis.address() as { port: number }).port}`;
    protectedRedis = await TestRedisServer.start(['--requirepass', 'right-password']);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => notRedis.close(() => resolve()));
    await protectedRedis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const masked = () => notRedisUrl.replace(':s3cret@', ':******@');

  it('import: a server that does not speak Redis', async () => {
    const result = await runCli(['import', 'orders.create', '--api-user', 'demo-cart', '--cartrover-url', 'http://127.0.0.1:1', '--redis-url', notRedisUrl], '{"cust_ref":"A"}\n');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`error: ${masked()} did not answer like a Redis server (Unknown RESP type 72 "H"): check the host and port; if it accepts TLS only, use a rediss:// URL.`);
    expect(result.stderr).not.toContain('s3cret');
  }, 60_000);

  it('serve: the same, before the host starts', async () => {
    const result = await runCli(['serve', '--port', '0', '--data-dir', dataDir, '--redis-url', notRedisUrl]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`error: ${masked()} did not answer like a Redis server`);
    expect(result.stderr).not.toContain('s3cret');
  }, 60_000);

  it('import: a Redis that needs a password the URL lacks (NOAUTH)', async () => {
    const result = await runCli(['import', 'orders.create', '--api-user', 'demo-cart', '--cartrover-url', 'http://127.0.0.1:1', '--redis-url', protectedRedis.url], '{"cust_ref":"A"}\n');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `error: Redis at ${protectedRedis.url} requires a password: put it in the URL (redis://:PASSWORD@host:port, or redis://USER:PASSWORD@host:port for an ACL user).`,
    );
  }, 60_000);
});
