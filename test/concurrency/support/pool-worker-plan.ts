import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** What one worker process of the Redis fault tests does (see `pool-worker.ts`). */
export interface WorkerPlan {
  readonly url: string;
  readonly keyPrefix: string;
  readonly logFile: string;
  readonly leaseTtlMs: number;
  /**
   * `load`: random requests; `hold`: take `holdPermits` of `holdConnection` and keep them; `http`:
   * requests to the stand-in through the request hook on `holdConnection` (see pool-worker.ts).
   */
  readonly mode: 'load' | 'hold' | 'http';
  /** `http`: the stand-in's URL, the worker's name in its records, work per request [min, max] ms. */
  readonly standInUrl?: string;
  readonly name?: string;
  readonly workMs?: readonly [number, number];
  /** `http`: the client's timeout per request (the permit then cools down for as long). */
  readonly requestTimeoutMs?: number;
  /** `http`: this process declares this level for its connection's pool before it is ready (as a CLI's --concurrency). */
  readonly declareLevel?: number;
  /** `http`: the request hook's cool-down (default: the request timeout). */
  readonly coolDownMs?: number;
  readonly durationMs?: number;
  readonly loops?: number;
  readonly connections?: readonly string[];
  /** The controller also re-binds and resizes during the run. */
  readonly controller?: boolean;
  readonly pools?: readonly string[];
  readonly maxLevel?: number;
  readonly holdConnection?: string;
  readonly holdPermits?: number;
  /** In `hold` mode, also queue this many requests behind the held permits (never granted before the kill). */
  readonly queuePermits?: number;
  readonly seed: number;
}

const REGISTER = path.join(__dirname, 'transpile-register.js');
const WORKER = path.join(__dirname, 'pool-worker.ts');

/** Starts a worker process running the TypeScript sources (transpiled on require). */
export function spawnWorker(plan: WorkerPlan): ChildProcess {
  return spawn(process.execPath, ['--require', REGISTER, WORKER, JSON.stringify(plan)], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Resolves with the exit code (and what the worker wrote to stderr, for failure messages). */
export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr })));
}
