import { InProcessPoolRegistry, createPoolRequestHook } from '../src/concurrency';
import { startSandbox } from '../sandbox/src';
import { printTable } from './support/timing';

/**
 * Does a pool keep its permits busy? A closed loop against the sandbox with a fixed latency W:
 * twice as many workers as permits, so the pool is the bottleneck, each sending the ping request
 * (GET inventory?limit=1, Basic auth, Node's fetch) through the request hook. Little's law caps
 * throughput at C / W; the figure is achieved / (C / W). Target >= 0.95.
 *
 * The same run also measures exactly C workers with no limiter at all: what this machine's HTTP
 * stack (client and sandbox in one process) achieves at concurrency C. achieved / that baseline
 * isolates the pool's own cost from the loopback HTTP cost that C / W leaves out.
 */
const LATENCY_MS = 200; // a CartRover-like call; at 50 ms the HTTP stack of this one process is a visible share of W
const LEVELS = [1, 5, 25];
const DURATION_MS = 4_000;
const API_USER = 'bench-merchant';
const API_KEY = 'bench-merchant-key';

export async function run(): Promise<void> {
  const sandbox = await startSandbox({
    latency: LATENCY_MS,
    bucket: { capacity: 100_000, refillMs: 1 },
    seed: { orders: 0, skus: 3 },
    users: [{ apiUser: API_USER, apiKey: API_KEY, level: 'merchant' }],
  });
  const authorization = `Basic ${Buffer.from(`${API_USER}:${API_KEY}`).toString('base64')}`;
  const ping = async (): Promise<void> => {
    const response = await fetch(`${sandbox.url}/v1/merchant/inventory?limit=1`, { headers: { authorization } });
    const body = (await response.json()) as { success_code?: boolean };
    if (body.success_code !== true) throw new Error(`ping failed: HTTP ${response.status}`);
  };
  const rows = [['C', 'W', 'pool req/s', 'C/W', 'pool / (C/W)', 'no-limiter req/s', 'pool / no-limiter', 'server max in flight']];
  try {
    for (const level of LEVELS) {
      const registry = new InProcessPoolRegistry();
      await registry.configure('pool', level);
      await registry.bind('connection', 'pool');
      const hook = createPoolRequestHook(registry, 'connection');
      const send = () => hook(ping, { method: 'GET', path: '/v1/merchant/inventory', attempt: 1 });

      await Promise.all(Array.from({ length: level }, send)); // warm the connections up
      sandbox.control.resetCounters();
      const pooled = await closedLoop(2 * level, send);
      const maxInFlight = sandbox.control.counters().maxInFlight[API_USER];
      const unlimited = await closedLoop(level, ping);
      const ceiling = level / (LATENCY_MS / 1000);
      rows.push([
        String(level),
        `${LATENCY_MS} ms`,
        pooled.toFixed(1),
        ceiling.toFixed(1),
        (pooled / ceiling).toFixed(3),
        unlimited.toFixed(1),
        (pooled / unlimited).toFixed(3),
        String(maxInFlight),
      ]);
    }
  } finally {
    await sandbox.close();
  }
  console.log(`pool-utilization: closed loop against the sandbox, Node ${process.version}`);
  printTable(rows);
}

/** Requests per second of `workers` loops each sending one request after the other for DURATION_MS. */
async function closedLoop(workers: number, send: () => Promise<void>): Promise<number> {
  let completed = 0;
  const started = performance.now();
  const deadline = started + DURATION_MS;
  const worker = async () => {
    while (performance.now() < deadline) {
      await send();
      completed++;
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return completed / ((performance.now() - started) / 1000);
}

if (require.main === module) void run();
