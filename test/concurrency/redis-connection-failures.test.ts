import { systemClock } from '../../src/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { RedisPoolRegistry } from '../../src/concurrency/redis';
import { describeWithRedis, TestRedisServer } from './support/redis-server';

/** A TCP server that answers anything with `reply` and closes: an HTTP server, or a TLS-only port (an alert record). */
async function fakeServer(reply: Buffer): Promise<{ url: (auth?: string) => string; close: () => Promise<void> }> {
  const server: Server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => socket.end(reply));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: (auth = '') => `redis://${auth}127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a TLS server sends to a client that speaks plain text: a fatal alert record. */
const TLS_ALERT = Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]);

async function startFailure(url: string): Promise<string> {
  const error = (await RedisPoolRegistry.connect({ url, clock: systemClock }).then(
    (registry) => registry.close().then(() => new Error('connected')),
    (caught: unknown) => caught,
  )) as Error;
  return error.message;
}

describe('connecting to something that is not a usable Redis (no silent success)', () => {
  it('names a server that does not speak Redis, with the URL masked, instead of hanging or succeeding', async () => {
    const http = await fakeServer(Buffer.from('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
    try {
      const message = await startFailure(http.url('app:s3cret@'));
      expect(message).toBe(
        `${http.url('app:******@')} did not answer like a Redis server (Unknown RESP type 72 "H"): check the host and port; if it accepts TLS only, use a rediss:// URL.`,
      );
    } finally {
      await http.close();
    }
  });

  it('says to use rediss:// when the port speaks TLS', async () => {
    const tls = await fakeServer(TLS_ALERT);
    try {
      expect(await startFailure(tls.url())).toBe(`Redis at ${tls.url()} answered with TLS: use a rediss:// URL (with the CA if it is private).`);
    } finally {
      await tls.close();
    }
  });
});

describeWithRedis('Redis that refuses the pools: a sentence saying what to do', () => {
  let server: TestRedisServer;
  beforeAll(async () => {
    server = await TestRedisServer.start(['--requirepass', 'right-password']);
    const admin = createClient({ url: `redis://:right-password@127.0.0.1:${server.port}` });
    await admin.connect();
    // An ACL user that may connect and PING but not run scripts (an "ACL gap").
    await admin.sendCommand(['ACL', 'SETUSER', 'narrow', 'on', '>narrow-pw', '~*', '&*', '+ping', '+get', '+set', '+info', '+subscribe', '+client', '+hello', '+auth']);
    await admin.close();
  });
  afterAll(() => server.stop());

  it('NOAUTH: the password is missing from the URL', async () => {
    expect(await startFailure(server.url)).toBe(
      `Redis at ${server.url} requires a password: put it in the URL (redis://:PASSWORD@host:port, or redis://USER:PASSWORD@host:port for an ACL user).`,
    );
  });

  it('WRONGPASS: the password is wrong, and never printed', async () => {
    const message = await startFailure(`redis://:wrong-one@127.0.0.1:${server.port}`);
    expect(message).toMatch(/^Redis at redis:\/\/:\*\*\*\*\*\*@127\.0\.0\.1:\d+ refused the user name or password in the URL \(WRONGPASS .*\): check them\.$/);
    expect(message).not.toContain('wrong-one');
  });

  it('NOPERM: names the commands and key pattern the user needs', async () => {
    const message = await startFailure(`redis://narrow:narrow-pw@127.0.0.1:${server.port}`);
    expect(message).toMatch(/^The Redis user of redis:\/\/narrow:\*\*\*\*\*\*@127\.0\.0\.1:\d+ may not do something the shared concurrency pools need \(NOPERM .*\)\. Grant it: \+@scripting .* on keys ~cartrover-pools:\* and channels &cartrover-pools:\*\.$/);
  });
});

describeWithRedis('Redis Cluster: refused with a sentence', () => {
  let server: TestRedisServer;
  const dir = mkdtempSync(path.join(tmpdir(), 'redis-cluster-'));
  beforeAll(async () => {
    server = await TestRedisServer.start(['--cluster-enabled', 'yes', '--dir', dir]);
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says Cluster is not supported and what to use instead', async () => {
    expect(await startFailure(server.url)).toBe(
      `Redis at ${server.url} is a Redis Cluster, which the shared concurrency pools do not support: use a single primary (with replicas for fail-over).`,
    );
  });
});
