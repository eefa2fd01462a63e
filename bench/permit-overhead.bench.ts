import { Semaphore } from 'async-mutex';
import { InProcessPoolRegistry, createPoolRequestHook } from '../src/concurrency';
import { formatNs, importEsm, nsPerOp, printTable, type BenchCase } from './support/timing';

/**
 * The cost of one permit (acquire + release) through the registry, against raw async-mutex and
 * p-limit measured in the same process: uncontended (one task at a time) and contended (C = 25,
 * all tasks started at once, each holding its permit for one microtask; queue depth = tasks - C).
 * Targets: < 1 µs above raw async-mutex uncontended; cheaper than p-limit per task.
 *
 * Measured twice: first before any AsyncLocalStorage scope exists, then after the request hook
 * (whose reentrancy scope is an AsyncLocalStorage.run) has enabled it: on Node 20 that turns on
 * promise hooks, which tax every promise of the process, limiter or not.
 */
type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

const LEVEL = 25;
const UNCONTENDED_OPS = 100_000;
const QUEUE_DEPTHS = [100, 5_000];
const INFO = { method: 'GET', path: '/bench', attempt: 1 };

export async function run(): Promise<void> {
  const { default: pLimit } = await importEsm<{ default: (concurrency: number) => Limit }>('p-limit');
  const registry = new InProcessPoolRegistry({ maxQueuedPerPool: 100_000 });
  await registry.configure('bench', LEVEL);
  await registry.bind('connection', 'bench');
  const semaphore = new Semaphore(LEVEL);
  const limit = pLimit(LEVEL);
  const hook = createPoolRequestHook(registry, 'connection');

  const uncontended = {
    baseline: sequential(() => Promise.resolve()),
    raw: sequential(async () => {
      const [, release] = await semaphore.acquire();
      release();
    }),
    registry: sequential(async () => (await registry.acquire('connection')).release()),
    pLimit: sequential(() => limit(resolved)),
  };
  const contended = (tasks: number) => ({
    raw: concurrent(tasks, async () => {
      const [, release] = await semaphore.acquire();
      try {
        await null;
      } finally {
        release();
      }
    }),
    registry: concurrent(tasks, async () => {
      const lease = await registry.acquire('connection');
      try {
        await null;
      } finally {
        lease.release();
      }
    }),
    pLimit: concurrent(tasks, () => limit(oneMicrotask)),
  });

  console.log(`permit-overhead: acquire+release per task, level ${LEVEL}, Node ${process.version}, ns/op (median of 9 rounds)`);
  const header = ['case', 'await', 'async-mutex', 'registry', 'hook', 'p-limit', 'registry − raw', 'registry / p-limit'];

  const rows = [header];
  const plain = await nsPerOp(uncontended, UNCONTENDED_OPS);
  rows.push(row('uncontended', plain.baseline, plain.raw, plain.registry, undefined, plain.pLimit));
  for (const depth of QUEUE_DEPTHS) {
    const figures = await nsPerOp(contended(LEVEL + depth), contendedOps(LEVEL + depth));
    rows.push(row(`contended, depth ${depth}`, undefined, figures.raw, figures.registry, undefined, figures.pLimit));
  }
  console.log('\nwithout AsyncLocalStorage enabled:');
  printTable(rows);

  const withHook = [header];
  const hookCase = { hook: sequential(() => hook(resolved, INFO)) };
  const afterAls = await nsPerOp({ ...uncontended, ...hookCase }, UNCONTENDED_OPS);
  withHook.push(row('uncontended', afterAls.baseline, afterAls.raw, afterAls.registry, afterAls.hook, afterAls.pLimit));
  for (const depth of QUEUE_DEPTHS) {
    const tasks = LEVEL + depth;
    const figures = await nsPerOp({ ...contended(tasks), hook: concurrent(tasks, () => hook(oneMicrotask, INFO)) }, contendedOps(tasks));
    withHook.push(row(`contended, depth ${depth}`, undefined, figures.raw, figures.registry, figures.hook, figures.pLimit));
  }
  console.log('\nafter the request hook enabled AsyncLocalStorage (hook = registry + reentrancy scope):');
  printTable(withHook);
}

/** A whole number of batches, about UNCONTENDED_OPS tasks. */
function contendedOps(tasks: number): number {
  return Math.max(1, Math.round(UNCONTENDED_OPS / tasks)) * tasks;
}

function resolved(): Promise<void> {
  return Promise.resolve();
}

async function oneMicrotask(): Promise<void> {
  await null;
}

function sequential(task: () => Promise<void>): BenchCase {
  return async (ops) => {
    for (let i = 0; i < ops; i++) await task();
  };
}

/** Batches of `tasks` started at once (the queue fills to tasks - C), repeated until `ops` tasks ran. */
function concurrent(tasks: number, task: () => Promise<void>): BenchCase {
  return async (ops) => {
    for (let done = 0; done < ops; done += tasks) {
      const started: Promise<void>[] = new Array(tasks);
      for (let i = 0; i < tasks; i++) started[i] = task();
      await Promise.all(started);
    }
  };
}

function row(name: string, baseline: number | undefined, raw: number, registry: number, hook: number | undefined, pLimit: number): string[] {
  const blankOr = (ns: number | undefined) => (ns === undefined ? '' : formatNs(ns));
  return [
    name,
    blankOr(baseline),
    formatNs(raw),
    formatNs(registry),
    blankOr(hook),
    formatNs(pLimit),
    `${registry >= raw ? '+' : ''}${formatNs(registry - raw)}`,
    `${(registry / pLimit).toFixed(2)}×`,
  ];
}

if (require.main === module) void run();
