import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { LatencySetting, SandboxCounters, SandboxOptions } from '../../sandbox/src';
import { startSandbox } from '../../sandbox/src';

type SandboxCommand = { name: 'counters' } | { name: 'reset' } | { name: 'clearOrders' } | { name: 'setLatency'; latency: LatencySetting };

const CHILD_FLAG = '--bench-sandbox-child';

/**
 * The sandbox in a child process, driven over IPC, as CartRover runs on its own servers: in the
 * benchmark's process its CPU time (building pages, storing orders) would be billed to the code
 * under measurement, and on 2 cores that is a visible share of every round trip.
 */
export class SandboxProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static start(options: SandboxOptions): Promise<SandboxProcess> {
    const child = fork(__filename, [CHILD_FLAG, JSON.stringify(options)], { stdio: 'inherit' });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('message', (message) => resolve(new SandboxProcess(child, (message as { url: string }).url)));
    });
  }

  counters(): Promise<SandboxCounters> {
    return this.ask({ name: 'counters' }) as Promise<SandboxCounters>;
  }

  async resetCounters(): Promise<void> {
    await this.ask({ name: 'reset' });
  }

  async clearOrders(): Promise<void> {
    await this.ask({ name: 'clearOrders' });
  }

  async setLatency(latency: LatencySetting): Promise<void> {
    await this.ask({ name: 'setLatency', latency });
  }

  close(): void {
    this.child.kill();
  }

  private ask(command: SandboxCommand): Promise<unknown> {
    return new Promise((resolve) => {
      this.child.once('message', resolve);
      this.child.send(command);
    });
  }
}

async function serveSandbox(options: SandboxOptions): Promise<void> {
  const sandbox = await startSandbox(options);
  process.on('message', (command: SandboxCommand) => {
    if (command.name === 'reset') sandbox.control.resetCounters();
    if (command.name === 'clearOrders') sandbox.control.clearOrders();
    if (command.name === 'setLatency') sandbox.control.setLatency(command.latency);
    process.send?.(command.name === 'counters' ? sandbox.control.counters() : 'ok');
  });
  process.send?.({ url: sandbox.url });
}

if (require.main === module && process.argv[2] === CHILD_FLAG) void serveSandbox(JSON.parse(process.argv[3]!) as SandboxOptions);
