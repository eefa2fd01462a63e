/**
 * Uploads (issue 19, sections 4 and 2's upload side): a file streams to a hidden temporary file
 * with its lines checked on the way; a few uploads at once, the others 503 with Retry-After; a
 * body over the limit is refused before it is read; a full disk is 507 and leaves no temporary
 * file; slow clients are cut by the request timeout.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { FileStore } from '../../host/src/files/file-store';
import type { OpenTemporary } from '../../host/src/files/file-store';
import { HTTP_TIMEOUTS } from '../../host/src/http/http-limits';
import { MAX_PARALLEL_UPLOADS } from '../../host/src/http/upload-slots';
import { waitFor } from '../support/wait-for';
import { startTestHost, tempDataDir, useTestHost } from './support/host-harness';

const KEY = Buffer.alloc(32, 23).toString('base64');

function temporaryFiles(dataDir: string): string[] {
  return readdirSync(path.join(dataDir, 'files')).filter((name) => name.startsWith('.upload-'));
}

/** NDJSON of `count` records of about `size` bytes each. */
function records(count: number, size = 100): string {
  const pad = 'x'.repeat(Math.max(0, size - 30));
  return Array.from({ length: count }, (_, index) => JSON.stringify({ n: index, pad })).join('\n') + '\n';
}

interface OpenRequest {
  readonly socket: Socket;
  /** Resolves when the server closed the connection, with the status it answered (0: none). */
  readonly answer: Promise<{ status: number; text: string }>;
  /** Whether the server closed the connection. */
  closed(): boolean;
}

/** A request whose head goes out now and whose body the test writes (or never writes) itself. */
function openRequest(url: string, method: string, pathName: string, headers: Record<string, string>): OpenRequest {
  const target = new URL(url);
  const socket = connect(Number(target.port), target.hostname);
  const head = [`${method} ${pathName} HTTP/1.1`, `Host: ${target.host}`, ...Object.entries(headers).map(([key, value]) => `${key}: ${value}`)];
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  let text = '';
  let closed = false;
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const answer = new Promise<{ status: number; text: string }>((resolve) => {
    socket.on('close', () => {
      closed = true;
      resolve({ status: Number(/^HTTP\/1\.1 ([0-9]{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
  return { socket, answer, closed: () => closed };
}

describe('uploads stream to disk with their lines checked on the way', () => {
  const running = useTestHost({ masterKey: KEY }, 'host-uploads-');
  const bearer = (): Record<string, string> => ({ authorization: `Bearer ${running.host.token}` });

  it('stores a file of many lines byte for byte and counts its records', async () => {
    const body = records(40_000);
    const answer = await running.api.request('PUT', '/api/files/big.ndjson', body, { 'content-type': 'application/x-ndjson' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(expect.objectContaining({ name: 'big.ndjson', size: Buffer.byteLength(body), records: 40_000 }));
    expect(readFileSync(path.join(running.dataDir, 'files', 'big.ndjson'), 'utf8')).toBe(body);
    // text/plain is taken too, and an empty body is an empty file.
    expect((await running.api.request('PUT', '/api/files/plain.ndjson', '{"a":1}\r\n\r\n{"b":2}', { 'content-type': 'text/plain' })).body.records).toBe(2);
    expect((await running.api.request('PUT', '/api/files/empty.ndjson', '', { 'content-type': 'application/x-ndjson' })).body.records).toBe(0);
    expect(temporaryFiles(running.dataDir)).toEqual([]);
  });

  it('a bad line anywhere (also past the first megabytes) is a 422 naming it; the stored file stays as it was', async () => {
    const before = readFileSync(path.join(running.dataDir, 'files', 'big.ndjson'), 'utf8');
    const body = `${records(30_000)}not json\n[1,2]\n${records(10)}`;
    const answer = await running.api.request('PUT', '/api/files/big.ndjson', body, { 'content-type': 'application/x-ndjson' });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual({ 'line 30001': expect.stringMatching(/not valid JSON/), 'line 30002': 'must be a JSON object (one record per line)' });
    expect(answer.body.messages['line 30001']).toMatch(/^Line 30001 /);
    expect(readFileSync(path.join(running.dataDir, 'files', 'big.ndjson'), 'utf8')).toBe(before);
    const tooLong = await running.api.request('PUT', '/api/files/long.ndjson', `{"a":"${'y'.repeat(1024 * 1024)}"}\n{"b":1}\n`, { 'content-type': 'application/x-ndjson' });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors).toEqual({ 'line 1': 'is longer than 1048576 bytes' });
    expect(temporaryFiles(running.dataDir)).toEqual([]);
  });

  it('a Content-Length over the limit is 413 before a byte of the body is read', async () => {
    const request = openRequest(running.url, 'PUT', '/api/files/huge.ndjson', { ...bearer(), 'content-type': 'application/x-ndjson', 'content-length': String(60 * 1024 * 1024) });
    request.socket.write('{"a":1}\n');
    const answer = await request.answer;
    expect(answer.status).toBe(413);
    expect(answer.text).toContain('"error":"payload_too_large"');
  });

  it('a chunked body that grows over the limit is 413 and leaves no temporary file', async () => {
    const chunk = Buffer.from(`${JSON.stringify({ pad: 'z'.repeat(1000) })}\n`.repeat(1000));
    const request = openRequest(running.url, 'PUT', '/api/files/chunked.ndjson', { ...bearer(), 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' });
    // Chunks as fast as the server takes them, until it answers and closes (52 MB at most).
    for (let sent = 0; sent < 52 * 1024 * 1024 && !request.closed(); sent += chunk.length) {
      const flushed = request.socket.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
      if (!flushed) await new Promise((resolve) => request.socket.once('drain', resolve).once('close', resolve));
    }
    const answer = await request.answer;
    expect(answer.status).toBe(413);
    expect(answer.text).toContain('"error":"payload_too_large"');
    await waitFor(() => temporaryFiles(running.dataDir).length === 0, 'the temporary file to be removed');
    expect(readdirSync(path.join(running.dataDir, 'files'))).not.toContain('chunked.ndjson');
  });

  it(`at most ${MAX_PARALLEL_UPLOADS} uploads at once: the next is 503 with Retry-After; cut-off uploads leave nothing behind`, async () => {
    const held = Array.from({ length: MAX_PARALLEL_UPLOADS }, (_, index) => {
      const request = openRequest(running.url, 'PUT', `/api/files/held-${index}.ndjson`, { ...bearer(), 'content-type': 'application/x-ndjson', 'content-length': '1000000' });
      request.socket.write('{"a":1}\n');
      return request;
    });
    await waitFor(() => temporaryFiles(running.dataDir).length === MAX_PARALLEL_UPLOADS, 'every held upload to have its temporary file');
    const refused = await running.api.request('PUT', '/api/files/one-more.ndjson', '{"a":1}\n', { 'content-type': 'application/x-ndjson' });
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ error: 'uploads_busy', message: expect.stringMatching(/send this one again/) });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    for (const request of held) request.socket.destroy();
    await waitFor(() => temporaryFiles(running.dataDir).length === 0, 'the cut-off uploads\' temporary files to be removed');
    expect((await running.api.request('PUT', '/api/files/one-more.ndjson', '{"a":1}\n', { 'content-type': 'application/x-ndjson' })).status).toBe(200);
    expect(readdirSync(path.join(running.dataDir, 'files')).filter((name) => name.startsWith('held-'))).toEqual([]);
  });
});

describe('a full disk during an upload', () => {
  it('ENOSPC from the disk (injected) is 507 insufficient_storage, and the temporary file is removed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'host-enospc-'));
    try {
      // The real temporary file is opened and written; after 200 KB the disk is "full".
      const failingDisk: OpenTemporary = (file) => {
        const real = createWriteStream(file, { flags: 'wx', mode: 0o600 });
        let written = 0;
        return new Writable({
          write(chunk: Buffer, _encoding, callback) {
            written += chunk.length;
            if (written <= 200_000) {
              real.write(chunk, callback);
              return;
            }
            real.end(() => callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' })));
          },
          final(callback) {
            real.end(callback);
          },
        });
      };
      const store = new FileStore(dir, failingDisk);
      const upload = store.receive('orders.ndjson', Readable.from([Buffer.from(records(5000))]), 50 * 1024 * 1024);
      await expect(upload).rejects.toMatchObject({ status: 507, code: 'insufficient_storage', message: expect.stringMatching(/^The disk is full \(no space left on the device\): the upload of "orders.ndjson" was not stored/) });
      expect(readdirSync(path.join(dir, 'files'))).toEqual([]);
      // EDQUOT says so.
      const quota: OpenTemporary = () => new Writable({ write: (_chunk, _encoding, callback) => callback(Object.assign(new Error('EDQUOT'), { code: 'EDQUOT' })) });
      await expect(new FileStore(dir, quota).receive('q.ndjson', Readable.from([Buffer.from('{"a":1}\n')]), 1000)).rejects.toMatchObject({ status: 507, message: expect.stringMatching(/quota/) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on a real 3 MB tmpfs, the REST answer is 507 { error, message } and nothing is left behind (skipped where tmpfs cannot be mounted)', async () => {
    const mountPoint = mkdtempSync(path.join(os.tmpdir(), 'host-tmpfs-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    } catch {
      rmSync(mountPoint, { recursive: true, force: true });
      console.warn('skipped: tmpfs cannot be mounted here (needs root); the injected ENOSPC test above covers the 507');
      return;
    }
    const dataDir = path.join(mountPoint, 'data');
    const running = await startTestHost({ dataDir, masterKey: KEY });
    try {
      const answer = await running.api.request('PUT', '/api/files/full.ndjson', records(40_000), { 'content-type': 'application/x-ndjson' });
      expect(answer.status).toBe(507);
      expect(answer.body).toEqual({ error: 'insufficient_storage', message: expect.stringMatching(/^The disk is full/) });
      expect(temporaryFiles(dataDir)).toEqual([]);
      // The space is free again: a small upload works.
      expect((await running.api.request('PUT', '/api/files/small.ndjson', '{"a":1}\n', { 'content-type': 'application/x-ndjson' })).status).toBe(200);
    } finally {
      await running.close();
      execFileSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });
});

describe('slow clients are cut by the request timeout', () => {
  it('the default limits cut a slow client within 30 s', () => {
    expect(HTTP_TIMEOUTS.requestMs).toBeLessThanOrEqual(30_000);
    expect(HTTP_TIMEOUTS.headersMs).toBeLessThanOrEqual(30_000);
    expect(HTTP_TIMEOUTS.keepAliveMs).toBeLessThanOrEqual(30_000);
  });

  it('a body sent a byte at a time, with or without a token, is cut long before it ends', async () => {
    const data = tempDataDir('host-slow-');
    const running = await startTestHost({ dataDir: data.dir, masterKey: KEY, httpTimeouts: { headersMs: 500, requestMs: 1000, idleMs: 5000, keepAliveMs: 500 } });
    try {
      const cases = [
        openRequest(running.url, 'PUT', '/api/files/slow.ndjson', { authorization: `Bearer ${running.host.token}`, 'content-type': 'application/x-ndjson', 'content-length': '400' }),
        openRequest(running.url, 'POST', '/api/integrations', { 'content-type': 'application/json', 'content-length': '400' }),
        // Headers that never end.
        openRequest(running.url, 'GET', '/api/health', { 'x-slow': 'a' }),
      ];
      let sent = 0;
      // One byte every 50 ms: the 400 bytes would take 20 s; the 1 s limit closes the connections first.
      while (sent < 400 && !cases.every((request) => request.closed())) {
        for (const request of cases) if (!request.closed()) request.socket.write(request === cases[2] ? 'x-more: b\r\n' : ' ');
        sent += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(cases.map((request) => request.closed())).toEqual([true, true, true]);
      expect(sent).toBeLessThan(400);
      expect(temporaryFiles(data.dir)).toEqual([]);
    } finally {
      await running.close();
      data.remove();
    }
  }, 60_000);
});
