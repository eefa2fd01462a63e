import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ServeProcess } from './support/serve-process';
import { printTable } from './support/timing';

/**
 * Memory a client can take with uploads (issue 19.4): the built `serve` in a child process gets
 * 1, 8 and 16 parallel uploads of a 49 MB NDJSON file; its RSS is sampled every 10 ms and the peak
 * above its idle RSS is reported, with the answers (at most a few uploads run at once; the others
 * are 503 with Retry-After) and the latency of `/api/health` during the uploads against idle.
 * Target: peak < 64 MB above idle at every width.
 */
const FILE_BYTES = 49 * 1024 * 1024;
const WIDTHS = [1, 8, 16];

function ndjson(bytes: number): Buffer {
  const line = `${JSON.stringify({ cust_ref: 'BENCH-000000', items: [{ sku: 'SKU-1', qty: 1 }], pad: 'p'.repeat(400) })}\n`;
  return Buffer.from(line.repeat(Math.floor(bytes / line.length)));
}

function upload(host: ServeProcess, name: string, body: Buffer): Promise<number> {
  const url = new URL(host.url);
  return new Promise((resolve) => {
    const outgoing = request({ host: url.hostname, port: url.port, method: 'PUT', path: `/api/files/${name}`, headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/x-ndjson', 'content-length': String(body.length) } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    // A refused upload's connection closes while the body is still being sent: that is its answer.
    outgoing.on('error', () => resolve(0));
    outgoing.end(body);
  });
}

async function healthMs(host: ServeProcess): Promise<number> {
  const started = performance.now();
  await (await fetch(`${host.url}/api/health`)).text();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function run(): Promise<void> {
  const body = ndjson(FILE_BYTES);
  const rows: string[][] = [['parallel uploads', 'idle RSS', 'peak above idle', 'answers', '/api/health during / idle']];
  for (const width of WIDTHS) {
    // A fresh host per width, so one width's garbage is not billed to the next.
    const host = await ServeProcess.start();
    try {
      await upload(host, 'warm-up.ndjson', Buffer.from('{"a":1}\n'));
      for (let warmUp = 0; warmUp < 5; warmUp++) await healthMs(host);
      const idleHealth: number[] = [];
      for (let probe = 0; probe < 10; probe++) idleHealth.push(await healthMs(host));
      const idle = host.rss();
      let peak = idle;
      const sampler = setInterval(() => (peak = Math.max(peak, host.rss())), 10);
      const busyHealth: number[] = [];
      let uploading = true;
      const probes = (async () => {
        while (uploading) busyHealth.push(await healthMs(host));
      })();
      const statuses = await Promise.all(Array.from({ length: width }, (_, index) => upload(host, `upload-${index}.ndjson`, body)));
      uploading = false;
      await probes;
      clearInterval(sampler);
      peak = Math.max(peak, host.rss());
      const counts = new Map<number, number>();
      for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
      rows.push([
        String(width),
        `${(idle / 1048576).toFixed(0)} MB`,
        `${((peak - idle) / 1048576).toFixed(1)} MB`,
        [...counts].map(([status, count]) => `${count}x${status === 0 ? 'closed' : status}`).join(' '),
        `${(median(busyHealth) / median(idleHealth)).toFixed(1)}x (${median(busyHealth).toFixed(1)} ms)`,
      ]);
    } finally {
      await host.stop();
    }
  }
  printTable(rows);
}
