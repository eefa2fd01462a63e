import { performance } from 'node:perf_hooks';
import type { ExportContext, ExportOperation } from '../src/contracts';
import { silentLogger } from '../src/fallback-services/silent-logger';
import { InventoryExportOperation, OrdersExportOperation } from '../src/operations';
import { benchConnectionFactory } from './support/bench-connection';
import { SandboxProcess } from './support/sandbox-process';
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
 * The sandbox runs in a child process (support/sandbox-process.ts).
 */
const REFILL_MS = 40;
const CAPACITY = 5;
const PAGE_SIZE = 100;
const RECORDS = 5_000;
const CONNECTION_ID = 'bench-export';
const CREDENTIALS = { apiUser: 'demo-merchant', apiKey: 'demo-merchant-key' };

export async function run(): Promise<void> {
  const bucket = { capacity: CAPACITY, refillMs: REFILL_MS };
  const sandbox = await SandboxProcess.start({ seed: { orders: RECORDS, skus: RECORDS }, bucket });
  try {
    const factory = await benchConnectionFactory({ baseUrl: sandbox.url, connectionId: CONNECTION_ID, credentials: CREDENTIALS, level: 5, bucket });
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
    logger: silentLogger,
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

function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

