import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../concurrency/support/redis-server';
import { waitFor } from '../../support/wait-for';
import type { NodeRedInstall } from './installed-node-red';

export interface NodeRedOptions {
  readonly userDir: string;
  readonly credentialSecret: string;
  /** Node-RED's `cartrover` setting. */
  readonly cartrover: Record<string, string>;
}

/**
 * A real `node-red` process (node-red/red.js of an install) on a free loopback port with its own
 * user directory, whose node_modules is the install's. Its admin API is open (no adminAuth): the
 * tests are its only users, on 127.0.0.1.
 */
export class NodeRedProcess {
  #output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly userDir: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.#output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.#output += chunk.toString('utf8')));
  }

  /** Everything the process printed (its log). */
  get log(): string {
    return this.#output;
  }

  static async start(install: NodeRedInstall, options: NodeRedOptions): Promise<NodeRedProcess> {
    const port = await freePort();
    mkdirSync(options.userDir, { recursive: true });
    try {
      symlinkSync(path.join(install.dir, 'node_modules'), path.join(options.userDir, 'node_modules'), 'dir');
      writeFileSync(path.join(options.userDir, 'package.json'), JSON.stringify({ name: 'node-red-project', version: '1.0.0', private: true, dependencies: { 'node-red-contrib-cartrover': '*' } }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const settings = {
      uiHost: '127.0.0.1',
      uiPort: port,
      flowFile: 'flows.json',
      credentialSecret: options.credentialSecret,
      cartrover: options.cartrover,
      logging: { console: { level: 'info', metrics: false, audit: false } },
      editorTheme: { tours: false, projects: { enabled: false } },
      telemetry: { enabled: false },
      diagnostics: { enabled: false },
    };
    const settingsFile = path.join(options.userDir, 'settings.js');
    writeFileSync(settingsFile, `module.exports = ${JSON.stringify(settings, null, 2)};\n`);
    const child = spawn(process.execPath, [install.redScript, '--userDir', options.userDir, '--settings', settingsFile], {
      cwd: options.userDir,
      env: { PATH: process.env.PATH ?? '', HOME: options.userDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const red = new NodeRedProcess(child, `http://127.0.0.1:${port}`, options.userDir);
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`node-red exited (${child.exitCode}):\n${red.log}`);
      // The admin API answers before the first flows have started; a deploy must wait for them.
      return red.log.includes('Started flows') && (await red.request('GET', '/flows').catch(() => ({ status: 0 }))).status === 200;
    }, 'node-red to start its flows and answer its admin API', 60_000);
    return red;
  }

  async request(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json', 'Node-RED-API-Version': 'v1', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the text
    }
    return { status: response.status, body: parsed };
  }

  /** Deploys the flows (a full deploy) through the admin API, credentials inside the nodes as an editor sends them. */
  async deploy(flows: readonly Record<string, unknown>[]): Promise<void> {
    const startsBefore = this.#starts();
    const answer = await this.request('POST', '/flows', flows, { 'Node-RED-Deployment-Type': 'full' });
    if (answer.status !== 204 && answer.status !== 200) throw new Error(`POST /flows answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    // POST /flows answers once the flows are saved and stopped; they start after.
    await waitFor(() => this.#starts() > startsBefore, 'the deployed flows to start', 30_000);
  }

  #starts(): number {
    return this.#output.split('Started flows').length - 1;
  }

  async inject(nodeId: string): Promise<void> {
    const answer = await this.request('POST', `/inject/${nodeId}`);
    if (answer.status !== 200) throw new Error(`POST /inject/${nodeId} answered ${answer.status}: ${JSON.stringify(answer.body)}; node-red said:\n${this.log.slice(-3000)}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const killer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      this.child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      this.child.kill('SIGINT');
    });
  }
}
