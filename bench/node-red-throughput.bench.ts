import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { Host, defaultManifestPath } from '@cartrover/host';
import { NodeRedImport } from './support/node-red-import';
import { SandboxProcess } from './support/sandbox-process';
import { printTable } from './support/timing';

/**
 * cartrover-out (Node-RED) against the reference host's import, on the same stand-in in the same
 * run: N orders created at pool level C = 5 with answers taking W = 200 ms, so either is bound by
 * its pool (Little's law: at most C / W orders per second). The host imports an NDJSON file through
 * a flow (file -> orders.create) over its REST API; Node-RED gets the N orders in one message to a
 * cartrover-out node in the real runtime (node-red-node-test-helper, in process). Both stream
 * through the contract's one pump. Rounds alternate; the ratio is Node-RED / host (target ~1).
 */
const LEVEL = 5;
const LATENCY_MS = 200;
const ORDERS = 200;
const ROUNDS = 2;
const CREDENTIALS = { apiUser: 'demo-merchant', apiKey: 'demo-merchant-key' };

export async function run(): Promise<void> {
  const sandbox = await SandboxProcess.start({ seed: false, bucket: { capacity: 100_000, refillMs: 1 }, latency: LATENCY_MS });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cartrover-bench-host-'));
  const host = await Host.create({
    dataDir,
    manifests: [defaultManifestPath()],
    settings: { CARTROVER_BASE_URL: sandbox.url },
    masterKey: Buffer.alloc(32, 7).toString('base64'),
    logLevel: 'warn',
    logDestination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
  const nodeRed = NodeRedImport.start(sandbox.url);
  try {
    const baseUrl = await host.listen({ port: 0, bind: '127.0.0.1' });
    const hostImport = await prepareHostImport(baseUrl, host.token);
    const rows = [['round', 'system', 'orders/s', 'C/W', 'of C/W', 'server max in flight', 'all created once']];
    const ratios: number[] = [];
    const ceiling = LEVEL / (LATENCY_MS / 1000);
    for (let round = 1; round <= ROUNDS; round += 1) {
      const rates: Record<string, number> = {};
      for (const [system, importOrders] of [['reference host', hostImport], ['Node-RED', (prefix: string) => nodeRed.importOrders(Array.from({ length: ORDERS }, (_, n) => order(`${prefix}-${n}`)), LEVEL, CREDENTIALS)]] as const) {
        await sandbox.clearOrders();
        await sandbox.resetCounters();
        const seconds = await importOrders(`R${round}-${system === 'Node-RED' ? 'NR' : 'H'}`);
        const counters = await sandbox.counters();
        const createdOnce = Object.keys(counters.ordersCreated).length === ORDERS && Object.values(counters.ordersCreated).every((count) => count === 1);
        rates[system] = ORDERS / seconds;
        rows.push([String(round), system, rates[system]!.toFixed(1), ceiling.toFixed(1), (rates[system]! / ceiling).toFixed(3), String(counters.maxInFlight[CREDENTIALS.apiUser]), String(createdOnce)]);
      }
      ratios.push(rates['Node-RED']! / rates['reference host']!);
    }
    printTable(rows);
    console.log(`\nNode-RED cartrover-out / reference host import (C = ${LEVEL}, W = ${LATENCY_MS} ms, ${ORDERS} orders): ${ratios.map((ratio) => ratio.toFixed(3)).join(', ')} (by round)`);
  } finally {
    await host.close();
    sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
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

/** A host with an integration, the connection (level 5) and the API; each call uploads a file, makes a flow and times its run. */
async function prepareHostImport(baseUrl: string, token: string): Promise<(prefix: string) => Promise<number>> {
  const api = async <T>(method: string, route: string, body?: unknown, contentType = 'application/json'): Promise<T> => {
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const integration = await api<{ id: string }>('POST', '/api/integrations', { name: 'Bench' });
  const created = await api<{ connection: { id: string } }>('POST', '/api/connections', {
    appId: 'cartrover',
    integrationId: integration.id,
    values: { name: 'Bench', ...CREDENTIALS, concurrencyLevel: LEVEL },
  });
  return async (prefix) => {
    const file = `${prefix}.ndjson`;
    await api('PUT', `/api/files/${file}`, Array.from({ length: ORDERS }, (_, n) => JSON.stringify(order(`${prefix}-${n}`))).join('\n') + '\n', 'application/x-ndjson');
    const flow = await api<{ id: string }>('POST', '/api/flows', {
      integrationId: integration.id,
      name: prefix,
      source: { appId: 'file', operation: 'read', config: { name: file } },
      destination: { appId: 'cartrover', connectionId: created.connection.id, operation: 'orders.create', config: {} },
    });
    const started = performance.now();
    const { runId } = await api<{ runId: string }>('POST', `/api/flows/${flow.id}/run`);
    for (;;) {
      const runState = await api<{ status: string; written: number }>('GET', `/api/flows/${flow.id}/runs/${runId}`);
      if (runState.status !== 'running') {
        if (runState.written !== ORDERS) throw new Error(`the host's run ended ${runState.status} with ${runState.written} written`);
        return (performance.now() - started) / 1000;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
}
