import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Database } from 'better-sqlite3';
import { SandboxProcess } from './support/sandbox-process';
import { ServeProcess } from './support/serve-process';
import { printTable } from './support/timing';

/**
 * Writes as connections grow (issue 19.6): the built `serve` on a folder holding 20 connections
 * and one holding 3,000 (a tenth of them borrowing from another), both against the sandbox in a
 * child process, take turns creating a connection through the REST API (each create also tests it
 * at the sandbox: the same cost on both). Reported: the median create, edit and list of each, and
 * the ratio 3,000 / 20. Target: creating at 3,000 within 2x its cost at 20.
 */
const SIZES = [20, 3_000] as const;
const ROUNDS = 25;
const WARM_UPS = 3;

// dist-bench/bench -> the repository root; the host's own migrations make the database.
const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built host, found at run time
const { openDatabase } = require(path.join(ROOT, 'host', 'dist', 'store', 'open-database.js')) as { openDatabase(dataDir: string): Database };

/** A data folder with `count` CartRover connections stored (no secrets: they are never tested here). */
function seededFolder(count: number): string {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-connections-'));
  const db = openDatabase(dataDir);
  const insert = db.prepare(
    `INSERT INTO connections (id, app_id, name, name_key, values_json, secrets_json, offline, version, created_at, updated_at)
     VALUES (?, 'cartrover', ?, ?, ?, '{}', 0, 1, ?, ?)`,
  );
  db.transaction(() => {
    for (let index = 0; index < count; index++) {
      const id = `seed-${String(index).padStart(5, '0')}`;
      const lender = index % 10 === 9 ? `seed-${String(index - 1).padStart(5, '0')}` : undefined;
      const values = { name: `Seeded ${index}`, apiUser: 'demo-merchant', ...(lender ? { borrowConcurrencyFrom: lender } : { concurrencyLevel: 5 }) };
      const at = new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString();
      insert.run(id, values.name, values.name.toLowerCase(), JSON.stringify(values), at, at);
    }
  })();
  db.close();
  return dataDir;
}

async function timed(host: ServeProcess, method: string, route: string, body?: unknown): Promise<{ ms: number; status: number; json: unknown }> {
  const started = performance.now();
  const response = await fetch(`${host.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${host.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { ms: performance.now() - started, status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function run(): Promise<void> {
  const sandbox = await SandboxProcess.start({ latency: { minMs: 0, maxMs: 0 } });
  const hosts = new Map<number, ServeProcess>();
  try {
    for (const size of SIZES) hosts.set(size, await ServeProcess.start({ dataDir: seededFolder(size), cartroverUrl: sandbox.url }));
    const samples = new Map(SIZES.map((size) => [size, { create: [] as number[], edit: [] as number[], list: [] as number[] }]));
    let made = 0;
    for (let round = 0; round < WARM_UPS + ROUNDS; round++) {
      // Turns in a rotating order, so the machine's noise falls on both sizes alike.
      for (const size of round % 2 === 0 ? SIZES : [...SIZES].reverse()) {
        const host = hosts.get(size)!;
        made += 1;
        const values = { name: `Bench ${made}`, apiUser: 'demo-merchant', apiKey: 'demo-merchant-key', concurrencyLevel: 3 };
        const create = await timed(host, 'POST', '/api/connections', { appId: 'cartrover', values });
        if (create.status !== 201) throw new Error(`create answered ${create.status}: ${JSON.stringify(create.json)}`);
        const id = (create.json as { connection: { id: string } }).connection.id;
        const edit = await timed(host, 'PUT', `/api/connections/${id}`, { values: { concurrencyLevel: 4 } });
        if (edit.status !== 200) throw new Error(`edit answered ${edit.status}: ${JSON.stringify(edit.json)}`);
        const list = await timed(host, 'GET', '/api/connections');
        if (round < WARM_UPS) continue;
        const sample = samples.get(size)!;
        sample.create.push(create.ms);
        sample.edit.push(edit.ms);
        sample.list.push(list.ms);
      }
    }
    const [small, large] = SIZES.map((size) => samples.get(size)!);
    const row = (what: 'create' | 'edit' | 'list'): string[] => [
      what,
      `${median(small![what]).toFixed(1)} ms`,
      `${median(large![what]).toFixed(1)} ms`,
      `${(median(large![what]) / median(small![what])).toFixed(2)}x`,
    ];
    printTable([['median of ' + ROUNDS, `${SIZES[0]} connections`, `${SIZES[1]} connections`, 'ratio'], row('create'), row('edit'), row('list')]);
    console.log('target: create at 3,000 within 2x of create at 20');
  } finally {
    for (const host of hosts.values()) await host.stop();
    sandbox.close();
  }
}
