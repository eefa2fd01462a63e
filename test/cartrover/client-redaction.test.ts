import net from 'node:net';
import util from 'node:util';
import { CartRoverClient } from '../../src/cartrover';
import type { CartRoverCredentials } from '../../src/cartrover';
import { json, startRawServer } from './raw-server';
import { CapturingLogger, rejectionOf, useSandbox } from './sandbox-fixture';
import { systemClock } from '../../src/contracts';

const { sandbox } = useSandbox();

/** Distinctive values, so any leak is found by a plain substring search. */
const SECRET: CartRoverCredentials = { apiUser: 'redaction-user', apiKey: 'K3y-Z9xQ-redaction-secret' };
const BASIC = Buffer.from(`${SECRET.apiUser}:${SECRET.apiKey}`).toString('base64');
const NEEDLES = [SECRET.apiKey, BASIC, encodeURIComponent(SECRET.apiKey)];

function everyRendering(value: unknown): string[] {
  const renderings = [String(value), JSON.stringify(value) ?? '', util.inspect(value, { depth: 10, showHidden: true })];
  if (value instanceof Error) renderings.push(value.message, value.stack ?? '', value.toString());
  return renderings;
}

function expectNoSecret(texts: string[]): void {
  for (const text of texts) for (const needle of NEEDLES) expect(text).not.toContain(needle);
}

describe('credentials never leak', () => {
  const logger = new CapturingLogger();
  const errors: unknown[] = [];
  const clients: CartRoverClient[] = [];

  function makeClient(baseUrl: string, extra: Partial<ConstructorParameters<typeof CartRoverClient>[0]> = {}): CartRoverClient {
    const client = new CartRoverClient({
      baseUrl,
      credentials: () => SECRET,
      logger,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      clock: systemClock,
      ...extra,
    });
    clients.push(client);
    return client;
  }


  it('in sandbox failures of every kind', async () => {
    sandbox().control.addUser({ ...SECRET, level: 'merchant' });
    const client = makeClient(sandbox().url, { bucket: { capacity: 100, refillMs: 5 } });
    const wrong = makeClient(sandbox().url, { credentials: () => ({ apiUser: SECRET.apiUser, apiKey: `${SECRET.apiKey}-wrong` }) });

    errors.push(await rejectionOf(wrong.ping())); // auth, the key sent was wrong-but-secret too
    for (const kind of ['http500', 'html502', 'reset', 'rate_limit'] as const) {
      sandbox().control.injectFault({ kind, count: 1 });
      errors.push(await rejectionOf(client.ping()));
    }
    sandbox().control.injectFault({ kind: 'timeout', count: 1, hangMs: 2000 });
    errors.push(await rejectionOf(client.ping({ timeoutMs: 100 })));
    errors.push(await rejectionOf(client.getOrder('NOPE', { level: 'merchant' })));
    const controller = new AbortController();
    sandbox().control.setLatency(500);
    setTimeout(() => controller.abort(), 30);
    errors.push(await rejectionOf(client.listInventory({}, { signal: controller.signal })));
    sandbox().control.setLatency(0);
    await client.listInventory({ limit: 1 }); // success lines are logged too
    for (const error of errors) expect(error).toMatchObject({ name: 'CartRoverError' });
  });

  it('when the network fails', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    errors.push(await rejectionOf(makeClient(`http://127.0.0.1:${port}`).listInventory()));
    errors.push(await rejectionOf(makeClient('http://no-such-host.invalid').ping()));
  });

  it('when a server echoes the credentials back in its error text', async () => {
    const echo = await startRawServer((request, res) => {
      const auth = String(request.headers.authorization);
      if (request.url.startsWith('/v1/merchant/product')) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`boom ${auth}`);
        return;
      }
      json(res, 200, { success_code: false, error_code: 'Invalid', message: `Invalid API Key ${SECRET.apiKey} (${auth})` });
    });
    try {
      const client = makeClient(echo.url);
      const error = await rejectionOf(client.ping());
      expect(error.message).toContain('[REDACTED]');
      errors.push(error);
      errors.push(await rejectionOf(client.getProduct('X')));
    } finally {
      await echo.close();
    }
  });

  // Runs last (tests run in file order): searches everything the cases above produced.
  it('leave no trace in errors (message, stack, String, JSON, inspect), log lines or client objects', () => {
    // The capture itself must not be empty, or the search proves nothing.
    expect(errors.length).toBeGreaterThanOrEqual(10);
    expect(logger.lines.length).toBeGreaterThanOrEqual(10);
    expectNoSecret(errors.flatMap(everyRendering));
    expectNoSecret(logger.lines);
    expectNoSecret(clients.map((client) => util.inspect(client, { depth: 6, showHidden: true })));
  });
});
