import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { RateLimitPacerRegistry } from '../src/cartrover';
import { InProcessPoolRegistry } from '../src/concurrency';
import { ConnectionClientFactory } from '../src/connection/connection-client-factory';
import type { ConnectionDirectory, ExportContext, ExportOperation, Logger } from '../src/contracts';
import { InventoryExportOperation, OrdersExportOperation } from '../src/operations';
import type { SandboxCounters, SandboxOptions } from '../src/sandbox';
import { startSandbox } from '../src/sandbox';
import { printTable } from './support/timing';

/**
 * Export throughput against CartRover's rate limit. Reads are paced under the leaky bucket, so a
 * long export is bound by the refill rate: at most PAGE_SIZE records per call and one call per
 * refill, i.e. a ceiling of PAGE_SIZE * 1000 / refillMs records per second once the burst is
 * spent. The figure is achieved / ceiling, measured after the first CAPACITY pages (the burst),
 * through the real path: operation -> client (pacer, pool hook) -> HTTP -> sandbox.
 * Target >= 0.9 with zero RateLimit answers. A fast bucket (refill 40 ms, ceiling 2 500 records/s)
 * keeps the run short; CartRover's real 600 ms refill gives a ceiling of 167 records/s. Not 20 ms:
 * the sandbox needs 15-25 ms of CPU to build one page of 100 full orders, so at 20 ms the figure
 * would measure the sandbox, not the export.
 *
 * The sandbox runs in a child process, as CartRover runs on its own servers: in one process its
 * CPU time (building and serialising 100 orders) would be billed to the export.
 */
const REFILL_MS = 40;
const CAPACITY = 5;
const PAGE_SIZE = 100;
const RECORDS = 5_000;
const CONNECTION_ID = 'bench-export';
const CREDENTIALS = { apiUser: 'demo-merchant', apiKey: 'demo-merchant-key' };

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export async function run(): Promise<void> {
  const bucket = { capacity: CAPACITY, refillMs: REFILL_MS };
  const sandbox = await SandboxProcess.start({ seed: { orders: RECORDS, skus: RECORDS }, bucket });
  try {
    const factory = await connectionFactory(sandbox.url, bucket);
    const ceiling = (PAGE_SIZE * 1000) / REFILL_MS;
    const rows = [['export', 'records', 'calls', 'records/s (steady)', 'ceiling', 'ratio', 'RateLimit answers']];
    const cases: [string, ExportOperation, Record<string, unknown>][] = [
      ['orders (any)', new OrdersExportOperation(factory, { now: () => Date.now(), sleep: sleepMs }), { status: 'any' }],
      ['inventory', new InventoryExportOperation(factory), {}],
    ];
    for (const [label, operation, config] of cases) {
      await sleepMs(CAPACITY * REFILL_MS * 2); // let the bucket refill between cases
      await sandbox.resetCounters();
      const measured = await drain(operation, config);
      const counters = await sandbox.counters();
      const calls = Object.values(counters.requests).reduce((sum, n) => sum + n, 0);
      rows.push([
        label,
        String(measured.records),
        String(calls),
        measured.steadyRate.toFixed(0),
        ceiling.toFixed(0),
        (measured.steadyRate / ceiling).toFixed(3),
        String(counters.rateLimited),
      ]);
    }
    console.log(`leaky bucket: capacity ${CAPACITY}, one call per ${REFILL_MS} ms (client configured the same); ${PAGE_SIZE} records per call`);
    printTable(rows);
  } finally {
    sandbox.close();
  }
}

/** Reads an export to its end; the steady rate counts from the end of the burst (page CAPACITY). */
async function drain(operation: ExportOperation, config: Record<string, unknown>): Promise<{ records: number; steadyRate: number }> {
  const context: ExportContext = {
    connectionId: CONNECTION_ID,
    config,
    signal: new AbortController().signal,
    logger: silent,
    setWatermark: () => undefined,
  };
  const burstRecords = CAPACITY * PAGE_SIZE;
  let records = 0;
  let steadyStart = 0;
  for await (const record of operation.read(context)) {
    if (record === undefined) throw new Error('undefined record');
    records += 1;
    if (records === burstRecords) steadyStart = performance.now();
  }
  const seconds = (performance.now() - steadyStart) / 1000;
  return { records, steadyRate: (records - burstRecords) / seconds };
}

/** The plugin's client factory over host stand-ins: one stored connection in its own pool. */
async function connectionFactory(baseUrl: string, bucket: { capacity: number; refillMs: number }): Promise<ConnectionClientFactory> {
  const directory: ConnectionDirectory = {
    get: async (id) =>
      id === CONNECTION_ID
        ? {
            id,
            appId: 'cartrover',
            name: id,
            values: { apiUser: CREDENTIALS.apiUser },
            storedSecrets: ['apiKey'],
            borrowConcurrencyFrom: null,
            concurrencyLevel: 5,
            offline: false,
          }
        : undefined,
    list: async () => [],
    readSecret: async (id, field) => (id === CONNECTION_ID && field === 'apiKey' ? CREDENTIALS.apiKey : undefined),
  };
  const pools = new InProcessPoolRegistry();
  await pools.configure('bench-pool', 5);
  await pools.bind(CONNECTION_ID, 'bench-pool');
  const configuration = { get: (key: string) => (key === 'CARTROVER_BASE_URL' ? baseUrl : undefined) };
  return new ConnectionClientFactory(configuration, directory, pools, new RateLimitPacerRegistry({ bucket }), silent);
}

function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The sandbox in a child process, driven over IPC. */
class SandboxProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static start(options: SandboxOptions): Promise<SandboxProcess> {
    const child = fork(__filename, [SANDBOX_CHILD_FLAG, JSON.stringify(options)], { stdio: 'inherit' });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('message', (message) => resolve(new SandboxProcess(child, (message as { url: string }).url)));
    });
  }

  counters(): Promise<SandboxCounters> {
    return this.ask('counters') as Promise<SandboxCounters>;
  }

  async resetCounters(): Promise<void> {
    await this.ask('reset');
  }

  close(): void {
    this.child.kill();
  }

  private ask(command: string): Promise<unknown> {
    return new Promise((resolve) => {
      this.child.once('message', resolve);
      this.child.send(command);
    });
  }
}

const SANDBOX_CHILD_FLAG = '--export-bench-sandbox';

async function serveSandbox(options: SandboxOptions): Promise<void> {
  const sandbox = await startSandbox(options);
  process.on('message', (command) => {
    if (command === 'reset') sandbox.control.resetCounters();
    process.send?.(command === 'counters' ? sandbox.control.counters() : 'ok');
  });
  process.send?.({ url: sandbox.url });
}

if (require.main === module && process.argv[2] === SANDBOX_CHILD_FLAG) void serveSandbox(JSON.parse(process.argv[3]) as SandboxOptions);
