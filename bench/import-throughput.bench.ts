import { fork } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { CreateOrderInput } from '../src/cartrover';
import type { ImportContext } from '../src/contracts';
import { openImportSession, pumpRecords } from '../src/contracts';
import { silentLogger } from '../src/fallback-services/silent-logger';
import { OrdersCreateOperation } from '../src/operations';
import { benchConnectionFactory } from './support/bench-connection';
import { SandboxProcess } from './support/sandbox-process';
import { printTable } from './support/timing';

/**
 * orders.create throughput and memory.
 *
 * Throughput: create-order is not rate limited, so an import is bound by the connection's pool:
 * Little's law caps it at C / W orders per second for pool level C and answer latency W. The orders
 * go through the operation as a host hands them in (the contract's pump: the pool's level in
 * flight); the figure is achieved / (C / W). Target >= 0.9.
 *
 * Memory: peak RSS of a process that imports 1 000 or 100 000 orders (C = 25, W = 1 ms), each
 * import in its own child process so the peaks are separate, MEMORY_RUNS times each, alternating; the records are generated one by
 * one and streamed through the contract's pump (`pumpRecords`), as the host and the CLI import. The sandbox runs in a child process of its
 * own (support/sandbox-process.ts), so neither its CPU nor its order store is billed to the
 * importer. Flat means the two peaks are close.
 */
const CONNECTION_ID = 'bench-import';
const CREDENTIALS = { apiUser: 'demo-cart', apiKey: 'demo-cart-key' };
const MEMORY_CHILD_FLAG = '--import-bench-memory-child';

/**
 * W = 200 ms, a CartRover-like answer time: the client's own CPU (2-3 ms per request on a 2-core
 * machine) would be a large part of a 20-40 ms round trip and measure the machine, not the pool.
 */
const THROUGHPUT_CASES = [
  { level: 4, latencyMs: 200, orders: 200 },
  { level: 25, latencyMs: 200, orders: 1_000 },
];
const MEMORY_SIZES = [1_000, 100_000];
/**
 * The 100 000-order peak is V8's old-generation limit, set after each full GC from the live heap
 * and from how fast that GC ran: on a loaded machine a starved GC looks slow and V8 lets the heap
 * grow further (one run of the same code gave 1.19, another 1.48). Several runs, alternating
 * sizes, and the medians; the heap after each full GC (V8's own --trace-gc figure, no GC forced)
 * shows whether anything is retained per order.
 */
const MEMORY_RUNS = 3;

export async function run(): Promise<void> {
  const sandbox = await SandboxProcess.start({ seed: false, bucket: { capacity: 100_000, refillMs: 1 } });
  try {
    const rows = [['C', 'W', 'orders', 'orders/s', 'C/W', 'ratio', 'server max in flight', 'all created once']];
    for (const { level, latencyMs, orders } of THROUGHPUT_CASES) {
      await sandbox.setLatency(latencyMs);
      await sandbox.clearOrders();
      await sandbox.resetCounters();
      const operation = new OrdersCreateOperation(await benchConnectionFactory({ baseUrl: sandbox.url, connectionId: CONNECTION_ID, credentials: CREDENTIALS, level }));
      const started = performance.now();
      const ok = await pumpOrders(operation, orders, `T${level}`);
      const rate = orders / ((performance.now() - started) / 1000);
      const counters = await sandbox.counters();
      const createdOnce = ok === orders && Object.values(counters.ordersCreated).every((n) => n === 1);
      const ceiling = level / (latencyMs / 1000);
      rows.push([String(level), `${latencyMs} ms`, String(orders), rate.toFixed(1), ceiling.toFixed(1), (rate / ceiling).toFixed(3), String(counters.maxInFlight[CREDENTIALS.apiUser]), String(createdOnce)]);
    }
    printTable(rows);

    console.log(`\nmemory: peak RSS of the importing process (C = 25, W = 1 ms), ${MEMORY_RUNS} runs of each size, alternating`);
    await sandbox.setLatency(1);
    const memoryRows = [['run', 'orders', 'peak RSS', 'full GCs', 'heap after a full GC', 'orders/s', 'all ok']];
    const peaks = new Map<number, number[]>(MEMORY_SIZES.map((size) => [size, []]));
    // The sandbox keeps every order it creates; forget them as we go (cust_refs never repeat).
    const forget = setInterval(() => void sandbox.clearOrders(), 1_000);
    try {
      for (let round = 1; round <= MEMORY_RUNS; round += 1) {
        for (const orders of MEMORY_SIZES) {
          const result = await measureInChild(sandbox.url, orders);
          const peakMb = result.maxRssKb / 1024;
          peaks.get(orders)?.push(peakMb);
          const after = result.heapAfterFullGcMb;
          memoryRows.push([
            String(round),
            String(orders),
            `${peakMb.toFixed(1)} MB`,
            String(after.length),
            after.length === 0 ? '-' : `${Math.min(...after).toFixed(1)}-${Math.max(...after).toFixed(1)} MB`,
            result.rate.toFixed(0),
            String(result.ok === orders),
          ]);
        }
      }
    } finally {
      clearInterval(forget);
    }
    printTable(memoryRows);
    const [smallSize, largeSize] = MEMORY_SIZES;
    const small = peaks.get(smallSize) ?? [];
    const large = peaks.get(largeSize) ?? [];
    const byRun = large.map((peak, index) => peak / (small[index] ?? peak));
    console.log(`100k / 1k peak RSS: ${(median(large) / median(small)).toFixed(3)} (medians; by run ${byRun.map((ratio) => ratio.toFixed(3)).join(', ')}; target <= 1.2)`);
    console.log(`load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}`);
  } finally {
    sandbox.close();
  }
}

function benchOrder(custRef: string): CreateOrderInput {
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

interface MemoryResult {
  readonly maxRssKb: number;
  readonly ok: number;
  readonly rate: number;
}

interface MeasuredMemory extends MemoryResult {
  /** Heap in use after each full GC (MB), from the child's --trace-gc lines. */
  readonly heapAfterFullGcMb: readonly number[];
}

/** V8's --trace-gc line of a full GC: "Mark-Compact 41.0 (68.9) -> 17.8 (67.7) MB, ...". */
const FULL_GC_LINE = /Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \(/;

function measureInChild(baseUrl: string, orders: number): Promise<MeasuredMemory> {
  const child = fork(__filename, [MEMORY_CHILD_FLAG, baseUrl, String(orders)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], execArgv: [...process.execArgv, '--trace-gc'] });
  const heapAfterFullGcMb: number[] = [];
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const fullGc = FULL_GC_LINE.exec(line);
      if (fullGc) heapAfterFullGcMb.push(Number(fullGc[1]));
      else if (!line.includes(' ms: Scavenge ')) console.log(line);
    });
  }
  let answer: MemoryResult | undefined;
  child.once('message', (message) => (answer = message as MemoryResult));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    // 'close': the child exited (right after its answer) and its --trace-gc lines are all read.
    child.once('close', () => (answer ? resolve({ ...answer, heapAfterFullGcMb }) : reject(new Error(`the ${orders}-order memory child gave no answer`))));
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** As every host imports: the orders streamed through the contract's pump into a run session. */
async function pumpOrders(operation: OrdersCreateOperation, count: number, prefix: string): Promise<number> {
  const context: ImportContext = { connectionId: CONNECTION_ID, config: {}, signal: new AbortController().signal, logger: silentLogger };
  const session = await openImportSession(operation, context);
  function* orders() {
    for (let n = 0; n < count; n += 1) yield benchOrder(`${prefix}-${n}`);
  }
  let ok = 0;
  try {
    await pumpRecords(session, orders(), { onSettled: (result) => void (ok += result.ok ? 1 : 0) });
  } finally {
    await session.close();
  }
  return ok;
}

async function importInChild(baseUrl: string, orders: number): Promise<void> {
  const operation = new OrdersCreateOperation(await benchConnectionFactory({ baseUrl, connectionId: CONNECTION_ID, credentials: CREDENTIALS, level: 25 }));
  const started = performance.now();
  const ok = await pumpOrders(operation, orders, `M${orders}`);
  const rate = orders / ((performance.now() - started) / 1000);
  const result: MemoryResult = { maxRssKb: process.resourceUsage().maxRSS, ok, rate };
  process.send?.(result, () => process.exit(0));
}

if (require.main === module && process.argv[2] === MEMORY_CHILD_FLAG) void importInChild(process.argv[3], Number(process.argv[4]));
