import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { NodeRedImport } from './support/node-red-import';
import { SandboxProcess } from './support/sandbox-process';
import { printTable } from './support/timing';

/**
 * End-to-end imports against a raw-fetch baseline in the same run (issue 25).
 *
 * The stand-in is the sandbox in a child process: W ms per create, creates not rate limited. For
 * each level C and latency W:
 * - raw: C workers each post the same orders straight to the stand-in with fetch, one after the
 *   other: the most any client can get at level C (about C / W);
 * - host: the reference host (`serve`, its own process) runs a flow file -> CartRover
 *   `orders.create` through its REST API, on a connection of level C; orders/s from the run's own
 *   startedAt / finishedAt;
 * - cli: `cartrover-connector import orders.create --concurrency C` (its own process); orders/s
 *   from its first to its last result line (process start-up excluded);
 * - node-red: the orders in one message to a `cartrover-out` node (level C) in Node-RED's real
 *   runtime, in this process; orders/s until its result message.
 * Fairness on a shared machine: every importer runs ROUNDS times per case, in an order that rotates
 * from round to round; each ratio is importer / raw of the same round, and the median of the rounds
 * is printed with their range and the load average around the case. Every figure is checked at the
 * stand-in: requests per order (1.00), orders created twice (0), the most creates in flight for the
 * API user (never above C).
 */
const ROOT = path.join(__dirname, '..', '..');
const CLI_MAIN = path.join(ROOT, 'cli', 'dist', 'main.js');
const API_USER = 'demo-merchant';
const API_KEY = 'demo-merchant-key';
const HOST_TOKEN = 'bench-host-token-0123456789';
const CREATE_ROUTE = 'POST /v1/cart/orders/cartrover';
const CASES = [
  { level: 5, latencyMs: 50, orders: 500 },
  { level: 25, latencyMs: 50, orders: 2_000 },
  { level: 5, latencyMs: 200, orders: 200 },
  { level: 25, latencyMs: 200, orders: 1_000 },
];
const ROUNDS = 3;
const IMPORTERS = ['raw', 'host', 'cli', 'node-red'] as const;
type ImporterName = (typeof IMPORTERS)[number];

interface Measured {
  readonly rate: number;
  readonly requestsPerOrder: number;
  readonly duplicates: number;
  readonly maxInFlight: number;
  readonly allCreated: boolean;
}

export async function run(): Promise<void> {
  const sandbox = await SandboxProcess.start({ seed: false, bucket: { capacity: 1_000_000, refillMs: 1 } });
  const work = mkdtempSync(path.join(os.tmpdir(), 'bench-host-import-'));
  const host = await HostProcess.start(sandbox.url, path.join(work, 'data'));
  const nodeRed = NodeRedImport.start(sandbox.url);
  try {
    const rows = [['C', 'W', 'orders', 'raw /s', 'raw / (C/W)', 'host / raw', 'cli / raw', 'node-red / raw', 'req/order (h, c, n)', 'dups', 'max in flight (r, h, c, n)', 'load avg']];
    for (const [caseIndex, { level, latencyMs, orders }] of CASES.entries()) {
      await sandbox.setLatency(latencyMs);
      const loadBefore = os.loadavg()[0] ?? 0;
      const importers: Record<ImporterName, (custRefs: readonly string[]) => Promise<number>> = {
        raw: (custRefs) => rawImport(sandbox.url, custRefs, level),
        host: (custRefs) => host.importFile(custRefs, level, work),
        cli: (custRefs) => cliImport(sandbox.url, custRefs, level, work),
        'node-red': async (custRefs) => custRefs.length / (await nodeRed.importOrders(custRefs.map(order), level, { apiUser: API_USER, apiKey: API_KEY })),
      };
      const measured = new Map<ImporterName, Measured[]>(IMPORTERS.map((name) => [name, []]));
      for (let round = 0; round < ROUNDS; round += 1) {
        for (let slot = 0; slot < IMPORTERS.length; slot += 1) {
          const name = IMPORTERS[(slot + round) % IMPORTERS.length] as ImporterName;
          const result = await measure(sandbox, `${name.charAt(0).toUpperCase()}${caseIndex}-${round}-`, orders, importers[name]);
          if (!result.allCreated) console.log(`  ! ${name}: not every order was created exactly once`);
          measured.get(name)?.push(result);
        }
      }
      const raw = measured.get('raw') ?? [];
      const ratioOf = (name: ImporterName): string => rangeText(raw.map((baseline, round) => (measured.get(name)?.[round]?.rate ?? 0) / baseline.rate));
      const all = (name: ImporterName): Measured[] => measured.get(name) ?? [];
      const ceiling = level / (latencyMs / 1000);
      rows.push([
        String(level),
        `${latencyMs} ms`,
        String(orders),
        median(raw.map((one) => one.rate)).toFixed(1),
        median(raw.map((one) => one.rate / ceiling)).toFixed(2),
        ratioOf('host'),
        ratioOf('cli'),
        ratioOf('node-red'),
        (['host', 'cli', 'node-red'] as const).map((name) => Math.max(...all(name).map((one) => one.requestsPerOrder)).toFixed(2)).join(', '),
        String((['host', 'cli', 'node-red'] as const).reduce((sum, name) => sum + all(name).reduce((inner, one) => inner + one.duplicates, 0), 0)),
        IMPORTERS.map((name) => String(Math.max(...all(name).map((one) => one.maxInFlight)))).join(', '),
        `${loadBefore.toFixed(1)}-${(os.loadavg()[0] ?? 0).toFixed(1)}`,
      ]);
    }
    printTable(rows);
    console.log(`ratios: median of ${ROUNDS} rounds (min-max); each round's importer / raw fetch of the same round; req/order the worst round`);
  } finally {
    await host.close();
    sandbox.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** One import on a clean stand-in, checked there: rate, requests per order, duplicates, most in flight. */
async function measure(sandbox: SandboxProcess, prefix: string, orders: number, importer: (custRefs: readonly string[]) => Promise<number>): Promise<Measured> {
  await sandbox.clearOrders();
  await sandbox.resetCounters();
  const custRefs = Array.from({ length: orders }, (_, n) => `${prefix}${n}`);
  const rate = await importer(custRefs);
  const counters = await sandbox.counters();
  const created = custRefs.map((ref) => counters.ordersCreated[ref] ?? 0);
  return {
    rate,
    requestsPerOrder: (counters.requests[CREATE_ROUTE] ?? 0) / orders,
    duplicates: created.filter((count) => count > 1).length,
    maxInFlight: counters.maxInFlight[API_USER] ?? 0,
    allCreated: created.every((count) => count === 1),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function rangeText(values: readonly number[]): string {
  return `${median(values).toFixed(3)} (${Math.min(...values).toFixed(3)}-${Math.max(...values).toFixed(3)})`;
}

function order(custRef: string): Record<string, unknown> {
  return {
    cust_ref: custRef,
    ship_first_name: 'Ada',
    ship_last_name: 'Lovelace',
    ship_address_1: '351 Hitchcock Way',
    ship_city: 'Santa Barbara',
    ship_state: 'CA',
    ship_zip: '93105',
    ship_country: 'US',
    items: [{ item: 'CIO-1001', quantity: 2, price: 4.4, extended_amount: 8.8 }],
    sub_total: 8.8,
    grand_total: 8.8,
  };
}

/** C workers posting the orders one after the other: orders per second over the whole run. */
async function rawImport(baseUrl: string, custRefs: readonly string[], level: number): Promise<number> {
  const authorization = `Basic ${Buffer.from(`${API_USER}:${API_KEY}`).toString('base64')}`;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < custRefs.length) {
      const custRef = custRefs[next++] as string;
      const response = await fetch(`${baseUrl}/v1/cart/orders/cartrover`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(order(custRef)) });
      await response.text();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: level }, worker));
  return custRefs.length / ((performance.now() - started) / 1000);
}

/** The CLI import in its own process: orders per second from its first to its last result line. */
async function cliImport(baseUrl: string, custRefs: readonly string[], level: number, work: string): Promise<number> {
  const file = path.join(work, `cli-${custRefs[0]}.ndjson`);
  writeFileSync(file, `${custRefs.map((ref) => JSON.stringify(order(ref))).join('\n')}\n`);
  const child = spawn(process.execPath, [CLI_MAIN, 'import', 'orders.create', '--in', file, '--api-user', API_USER, '--concurrency', String(level), '--cartrover-url', baseUrl], {
    env: { PATH: process.env.PATH, CARTROVER_API_KEY: API_KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let first = 0;
  let last = 0;
  let lines = 0;
  for await (const _line of createInterface({ input: child.stdout })) {
    last = performance.now();
    if (lines === 0) first = last;
    lines += 1;
  }
  await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  if (lines !== custRefs.length) throw new Error(`the CLI printed ${lines} result lines for ${custRefs.length} orders`);
  return (lines - 1) / ((last - first) / 1000);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `cartrover-connector serve` in its own process, driven through its REST API. */
class HostProcess {
  #connections = new Map<number, { connectionId: string; integrationId: string }>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly url: string,
  ) {}

  static async start(cartroverUrl: string, dataDir: string): Promise<HostProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI_MAIN, 'serve', '--port', String(port), '--data-dir', dataDir, '--cartrover-url', cartroverUrl], {
      env: { PATH: process.env.PATH, HOST_TOKEN, MASTER_KEY: Buffer.alloc(32, 3).toString('base64'), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const host = new HostProcess(child, `http://127.0.0.1:${port}`);
    for (let attempt = 0; ; attempt += 1) {
      try {
        if ((await fetch(`${host.url}/api/health`)).ok) return host;
      } catch {
        // not listening yet
      }
      if (attempt > 600 || child.exitCode !== null) throw new Error('the host did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Uploads the orders, runs a file -> orders.create flow on a level-C connection; orders/s of the run. */
  async importFile(custRefs: readonly string[], level: number, _work: string): Promise<number> {
    const { connectionId, integrationId } = await this.#connection(level);
    const name = `host-${custRefs[0]}.ndjson`;
    await this.#call('PUT', `/api/files/${name}`, custRefs.map((ref) => JSON.stringify(order(ref))).join('\n'), 'application/x-ndjson');
    const flow = (await this.#call('POST', '/api/flows', {
      integrationId,
      name: `Bench ${name}`,
      source: { appId: 'file', operation: 'read', config: { name } },
      destination: { appId: 'cartrover', connectionId, operation: 'orders.create', config: {} },
    })) as { id: string };
    const { runId } = (await this.#call('POST', `/api/flows/${flow.id}/run`)) as { runId: string };
    for (;;) {
      const runState = (await this.#call('GET', `/api/flows/${flow.id}/runs/${runId}`)) as { status: string; written: number; startedAt: string; finishedAt?: string };
      if (runState.status !== 'running') {
        if (runState.written !== custRefs.length) throw new Error(`the host run ended ${runState.status} with ${runState.written} written of ${custRefs.length}`);
        return custRefs.length / ((Date.parse(runState.finishedAt as string) - Date.parse(runState.startedAt)) / 1000);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }

  async #connection(level: number): Promise<{ connectionId: string; integrationId: string }> {
    const known = this.#connections.get(level);
    if (known) return known;
    const integration = (await this.#call('POST', '/api/integrations', { name: `Bench C=${level}` })) as { id: string };
    const created = (await this.#call('POST', '/api/connections', {
      appId: 'cartrover',
      integrationId: integration.id,
      values: { name: `Bench C=${level}`, apiUser: API_USER, apiKey: API_KEY, concurrencyLevel: level },
    })) as { connection: { id: string } };
    const entry = { connectionId: created.connection.id, integrationId: integration.id };
    this.#connections.set(level, entry);
    return entry;
  }

  async #call(method: string, route: string, body?: unknown, contentType = 'application/json'): Promise<unknown> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${HOST_TOKEN}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }
}
