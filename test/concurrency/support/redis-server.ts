import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';

/**
 * A real `redis-server` for one test suite: on 127.0.0.1, a free port, no persistence
 * (`--save '' --appendonly no`), stopped by the suite. Where none is installed the suite is
 * skipped with the install command, except under CI=true, where that fails the run.
 */
export const REDIS_INSTALL_HINT = 'redis-server is not installed; install it with: apt-get install -y redis-server';

export function redisServerAvailable(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return probe.status === 0;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`redis-server did not listen on ${port}`));
        else setTimeout(attempt, 20);
      });
    };
    attempt();
  });
}

/** One redis-server process; `restart` keeps the port (its data is gone: no persistence). */
export class TestRedisServer {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(extraArgs: string[] = []): Promise<TestRedisServer> {
    const server = new TestRedisServer(await freePort());
    await server.launch(extraArgs);
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async launch(extraArgs: string[] = []): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
      { stdio: 'ignore' },
    );
    await waitForPort(this.port, 5000);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.launch();
  }
}

/**
 * `describe` for suites that need redis-server. Without one: under CI=true the block fails with the
 * install command; elsewhere it is skipped and the command printed (straight to stderr: jest drops
 * the console output of a file whose tests are all skipped).
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisServerAvailable()) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs redis-server (CI=true: a missing redis-server fails the run)', () => {
        throw new Error(REDIS_INSTALL_HINT);
      });
    });
    return;
  }
  process.stderr.write(`Skipping Redis tests "${name}": ${REDIS_INSTALL_HINT}\n`);
  describe.skip(name, body);
}
