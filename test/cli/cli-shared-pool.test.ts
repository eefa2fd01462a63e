import { spawn } from 'node:child_process';
import path from 'node:path';
import { systemClock } from '../../src/contracts';
import { RedisPoolRegistry } from '../../src/concurrency/redis';
import { cliConnectionId } from '../../cli/src/cli-session';
import { startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { describeWithRedis, TestRedisServer } from '../concurrency/support/redis-server';
import { requireBuiltPlugin } from '../host/support/real-plugin';
import { PROJECT_ROOT } from '../support/temp-plugin';

const CLI = path.join(PROJECT_ROOT, 'cli', 'dist', 'main.js');

function importOrders(prefix: string, count: number, extraArgs: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const orders = Array.from({ length: count }, (_, index) =>
    JSON.stringify({
      cust_ref: `${prefix}-${index}`,
      ship_first_name: 'A',
      ship_last_name: 'B',
      ship_address_1: '1 St',
      ship_city: 'C',
      ship_zip: '1',
      ship_country: 'GB',
      items: [{ item: 'CIO-1001', quantity: 1, price: 1 }],
    }),
  ).join('\n');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'import', 'orders.create', ...extraArgs], { env: { PATH: process.env.PATH, CARTROVER_API_KEY: 'demo-cart-key', ...env }, cwd: PROJECT_ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(orders);
  });
}

/**
 * Two `import` processes of the same API user: with one Redis they keep one level together (the
 * CLI connection's id, hence its pool, comes from the API user); without it each has its own.
 */
describeWithRedis('CLI processes sharing a pool through Redis', () => {
  let sandbox: SandboxServer;
  let redis: TestRedisServer;

  beforeAll(async () => {
    requireBuiltPlugin();
    sandbox = await startSandbox({ latency: 60 });
    redis = await TestRedisServer.start();
  });
  afterAll(async () => {
    await sandbox?.close();
    await redis?.stop();
  });

  it('two imports with the same API user and --redis-url stay under --concurrency together', async () => {
    const args = ['--api-user', 'demo-cart', '--cartrover-url', sandbox.url, '--concurrency', '2', '--redis-url', redis.url];
    sandbox.control.resetCounters();
    const [first, second] = await Promise.all([importOrders('SHARED-A', 24, args, {}), importOrders('SHARED-B', 24, args, {})]);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(first.stderr).toContain('Imported: 24 written');
    expect(second.stderr).toContain('Imported: 24 written');
    expect(sandbox.control.counters().maxInFlight['demo-cart']).toBe(2);
  }, 60_000);

  it('runs at the lowest level a live process declared for the API user, and says so in its progress (D6)', async () => {
    // Another live process (the CLI's key prefix) declared 2 for this API user's pool; this run asks for 5.
    const other = await RedisPoolRegistry.connect({ url: redis.url, clock: systemClock });
    try {
      await other.configure(cliConnectionId('demo-cart'), 2);
      sandbox.control.resetCounters();
      const args = ['--api-user', 'demo-cart', '--cartrover-url', sandbox.url, '--concurrency', '5', '--redis-url', redis.url];
      const run = await importOrders('LOWEST', 24, args, {});
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(
        'Concurrency: 2 requests at most: another live process on this Redis declared 2 for this API user (this run declared 5; the lowest holds)',
      );
      expect(sandbox.control.counters().maxInFlight['demo-cart']).toBe(2);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('without Redis each process has its own pool (the level is per process)', async () => {
    const args = ['--api-user', 'demo-cart', '--cartrover-url', sandbox.url, '--concurrency', '2'];
    sandbox.control.resetCounters();
    const [first, second] = await Promise.all([importOrders('OWN-A', 24, args, {}), importOrders('OWN-B', 24, args, {})]);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(sandbox.control.counters().maxInFlight['demo-cart']).toBeGreaterThan(2);
  }, 60_000);

  it('refuses a --concurrency outside 1..25 and names an unreachable Redis', async () => {
    const bad = await importOrders('BAD', 1, ['--api-user', 'demo-cart', '--cartrover-url', sandbox.url, '--concurrency', '26'], {});
    expect(bad.code).toBe(2);
    // The range is the connection form's (its schema owns it), named by the flag the user set.
    expect(bad.stderr).toContain('--concurrency: Concurrency level must be a whole number from 1 to 25');
    const unreachable = await importOrders('DOWN', 1, ['--api-user', 'demo-cart', '--cartrover-url', sandbox.url], { REDIS_URL: 'redis://:pw@127.0.0.1:1' });
    expect(unreachable.code).not.toBe(0);
    expect(unreachable.stderr).toContain('Cannot reach Redis at redis://:******@127.0.0.1:1');
    expect(unreachable.stderr).not.toContain(':pw@');
  }, 60_000);
});
