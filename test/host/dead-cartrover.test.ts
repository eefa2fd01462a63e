import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { RunningHost } from './support/host-harness';
import { startTestHost, tempDataDir } from './support/host-harness';
import { REAL_MANIFEST, requireBuiltPlugin } from './support/real-plugin';
import { waitFor } from '../support/wait-for';

const TIMEOUT_MS = 3000;
const HALF_OPEN_MS = 1000;
const ORDERS = 30;

/**
 * A "CartRover" at the TCP level: it accepts every connection. Silent, it never writes a byte
 * (the failure the fault campaign found); answering, it replies 200 with an empty success envelope.
 */
class RawCartRover {
  answering = true;
  readonly #sockets = new Set<Socket>();
  readonly #server: Server;

  constructor() {
    this.#server = createServer((socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
      socket.on('error', () => undefined);
      socket.on('data', () => {
        if (!this.answering) return;
        const body = JSON.stringify({ success_code: true, response: [] });
        socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
        socket.end();
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

function order(index: number): string {
  return JSON.stringify({ cust_ref: `DEAD-${index}`, ship_first_name: 'A', ship_last_name: 'B', ship_address_1: '1 St', ship_city: 'C', ship_zip: '1', ship_country: 'GB', items: [{ item: 'CIO-1001', quantity: 1, price: 1 }] });
}

describe('a CartRover that accepts connections and never answers', () => {
  const data = tempDataDir('host-dead-');
  const cartrover = new RawCartRover();
  let running: RunningHost;

  beforeAll(async () => {
    requireBuiltPlugin();
    const url = await cartrover.listen();
    running = await startTestHost({
      dataDir: data.dir,
      manifests: [REAL_MANIFEST],
      settings: { CARTROVER_BASE_URL: url, CARTROVER_TIMEOUT_MS: String(TIMEOUT_MS), CARTROVER_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS) },
      masterKey: Buffer.alloc(32, 12).toString('base64'),
    });
  });
  afterAll(async () => {
    await running?.close();
    await cartrover.close();
    data.remove();
  });

  it('a 30-order run at level 3 fails within 2 x the request timeout with a clear message; the breaker closes once the server answers', async () => {
    const api = running.api;
    const created = await api.post('/api/connections', { appId: 'cartrover', values: { name: 'Dead end', apiUser: 'dead-user', apiKey: 'dead-key-123456', concurrencyLevel: 3 } });
    expect(created.status).toBe(201);
    const connectionId = created.body.connection.id as string;
    const integration = await api.post('/api/integrations', { name: 'Dead' });
    await api.put(`/api/integrations/${integration.body.id}/connections/register`, [connectionId]);
    const lines = Array.from({ length: ORDERS }, (_, index) => order(index)).join('\n');
    expect((await api.request('PUT', '/api/files/dead-orders.ndjson', `${lines}\n`, { 'content-type': 'application/x-ndjson' })).status).toBe(200);
    const flow = await api.post('/api/flows', {
      integrationId: integration.body.id,
      name: 'Into the void',
      source: { appId: 'file', operation: 'read', config: { name: 'dead-orders.ndjson' } },
      destination: { appId: 'cartrover', connectionId, operation: 'orders.create', config: {} },
    });
    expect(flow.status).toBe(201);

    cartrover.answering = false;
    const startedAt = Date.now();
    const runId = (await api.post(`/api/flows/${flow.body.id}/run`)).body.runId as string;
    const run = (await api.waitForRun(flow.body.id, runId, 60_000)).body;
    const elapsed = Date.now() - startedAt;
    expect(run).toEqual(expect.objectContaining({ status: 'failed', read: ORDERS, failed: ORDERS, written: 0 }));
    expect(elapsed).toBeLessThan(2 * TIMEOUT_MS);
    const messages = (run.errors as { message: string }[]).map((error) => error.message);
    expect(messages.filter((message) => !/answered none of the last requests|timed out|no answer/i.test(message))).toEqual([]);
    expect(messages.some((message) => /circuit open/.test(message))).toBe(true);

    // While open, a test answers at once and names the reason (it is not sent).
    const quick = Date.now();
    const refused = await api.post(`/api/connections/${connectionId}/test`);
    expect(refused.body.ok).toBe(false);
    expect(refused.body.message).toMatch(/circuit open/);
    expect(Date.now() - quick).toBeLessThan(TIMEOUT_MS);

    // The server answers again: after the half-open delay one probe goes through and closes it.
    // The permits of the timed-out requests count for a cool-down of one request timeout (CartRover
    // may still be working on them): a probe before they are back is rightly answered "busy".
    cartrover.answering = true;
    const halfOpenAt = Date.now() + HALF_OPEN_MS + 100;
    await waitFor(async () => ((await api.get('/api/pools')).body as { inFlight: number }[]).every((pool) => pool.inFlight === 0), 'the cooled-down permits back in the pool', 20_000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, halfOpenAt - Date.now())));
    const probe = await api.post(`/api/connections/${connectionId}/test`);
    expect(probe.body).toEqual(expect.objectContaining({ ok: true }));
    const next = await api.post(`/api/connections/${connectionId}/test`);
    expect(next.body.ok).toBe(true);
    expect((await api.get(`/api/connections/${connectionId}`)).body.offline).toBe(false);
  }, 60_000);
});
