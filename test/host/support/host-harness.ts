import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Host } from '../../../host/src';
import type { HostOptions } from '../../../host/src';
import { startSandbox } from '../../../sandbox/src';
import type { SandboxOptions, SandboxServer } from '../../../sandbox/src';
import { CountingProxy } from './counting-proxy';
import { REAL_MANIFEST, requireBuiltPlugin } from './real-plugin';

export const FAKE_MANIFEST = path.join(__dirname, '..', 'fixtures', 'fake-plugin', 'plugin.manifest.json');

/** Log lines the host wrote, for secret searches and assertions. */
export class LogCapture extends Writable {
  readonly chunks: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk.toString());
    callback();
  }

  text(): string {
    return this.chunks.join('');
  }
}

export function tempDataDir(prefix = 'host-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunningHost {
  readonly host: Host;
  readonly url: string;
  readonly log: LogCapture;
  readonly api: ApiClient;
  close(): Promise<void>;
}

export async function startTestHost(options: Partial<HostOptions> & { dataDir: string }): Promise<RunningHost> {
  const log = new LogCapture();
  const host = await Host.create({ manifests: [FAKE_MANIFEST], logDestination: log, logLevel: 'debug', ...options });
  const url = await host.listen({ port: 0 });
  return { host, url, log, api: new ApiClient(url, host.token), close: () => host.close() };
}

/** The host a describe block shares ({@link useTestHost}): its data folder, and the started host's parts. */
export interface SharedTestHost extends Omit<RunningHost, 'close'> {
  readonly dataDir: string;
  /** Closes the host and starts it again on the same folder with the same options (what survives a restart). */
  restart(): Promise<void>;
}

/**
 * One host for the enclosing describe block, in a temp data folder: started in `beforeAll` (the
 * fake plugin unless `options` name other manifests; a function is called then, for options known
 * only once other parts have started), closed and its folder removed in `afterAll`.
 */
export function useTestHost(options: Partial<HostOptions> | (() => Partial<HostOptions>) = {}, prefix = 'host-'): SharedTestHost {
  const data = tempDataDir(prefix);
  let running: RunningHost | undefined;
  const start = async (): Promise<void> => {
    running = await startTestHost({ ...(typeof options === 'function' ? options() : options), dataDir: data.dir });
  };
  beforeAll(start);
  afterAll(async () => {
    await running?.close();
    data.remove();
  });
  const started = (): RunningHost => {
    if (!running) throw new Error('The shared test host starts in beforeAll: use it inside a test or a later hook');
    return running;
  };
  return {
    dataDir: data.dir,
    get host() {
      return started().host;
    },
    get url() {
      return started().url;
    },
    get log() {
      return started().log;
    },
    get api() {
      return started().api;
    },
    async restart() {
      await started().close();
      running = undefined;
      await start();
    },
  };
}

/** {@link useSandboxedHost}: the shared host, the sandbox it talks to, and the proxy between them (when asked for). */
export interface SandboxedTestHost extends SharedTestHost {
  readonly sandbox: SandboxServer;
  /** Set with `proxy: true`. */
  readonly proxy: CountingProxy;
}

/**
 * The real plugin (the built one, through plugin.manifest.json) in a {@link useTestHost} host
 * for the enclosing describe block, against a sandbox of its own, behind a {@link CountingProxy}
 * with `proxy`. The host closes before the proxy and the sandbox.
 */
export function useSandboxedHost(
  options: { readonly sandbox: SandboxOptions; readonly proxy?: boolean; readonly host?: Partial<HostOptions> },
  prefix: string,
): SandboxedTestHost {
  let sandbox: SandboxServer | undefined;
  let proxy: CountingProxy | undefined;
  beforeAll(async () => {
    requireBuiltPlugin();
    sandbox = await startSandbox(options.sandbox);
    if (options.proxy) proxy = await CountingProxy.start(sandbox.url);
  });
  const shared = useTestHost(
    () => ({ ...options.host, manifests: [REAL_MANIFEST], settings: { CARTROVER_BASE_URL: (proxy ?? sandbox!).url, ...options.host?.settings } }),
    prefix,
  );
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });
  return {
    dataDir: shared.dataDir,
    get host() {
      return shared.host;
    },
    get url() {
      return shared.url;
    },
    get log() {
      return shared.log;
    },
    get api() {
      return shared.api;
    },
    restart: () => shared.restart(),
    get sandbox() {
      if (!sandbox) throw new Error('The sandbox starts in beforeAll: use it inside a test or a later hook');
      return sandbox;
    },
    get proxy() {
      if (!proxy) throw new Error('No proxy: pass `proxy: true`, and use it inside a test or a later hook');
      return proxy;
    },
  };
}

export interface ApiAnswer<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly status: number;
  readonly body: T;
  readonly text: string;
  readonly headers: Headers;
}

/** A thin fetch client that records every response body (for the secret search). */
export class ApiClient {
  readonly bodies: string[] = [];

  /** With a token every request sends `Authorization: Bearer` (a caller's own `authorization` header wins). */
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
    const auth: Record<string, string> = this.token === undefined || 'authorization' in headers ? {} : { authorization: `Bearer ${this.token}` };
    const init: RequestInit = { method, headers: { ...auth, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body);
      if (!('content-type' in headers)) (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const response = await fetch(this.baseUrl + path, init);
    const text = await response.text();
    this.bodies.push(text);
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, text, headers: response.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown) {
    return this.request('POST', path, body);
  }

  put(path: string, body?: unknown) {
    return this.request('PUT', path, body);
  }

  delete(path: string) {
    return this.request('DELETE', path);
  }

  /** Polls a run until it is no longer running. */
  async waitForRun(flowId: string, runId: string, timeoutMs = 30000): Promise<ApiAnswer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await this.get(`/api/flows/${flowId}/runs/${runId}`);
      if (answer.body?.status !== 'running' || Date.now() > deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
