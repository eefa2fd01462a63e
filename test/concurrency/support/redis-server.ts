import { spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { LAUNCH_ATTEMPTS, ourServerListens, randomServerPort, spawnRedisServer } from '../../../bench/support/redis-server-launch';

/**
 * A real `redis-server` for one test suite: on 127.0.0.1, a port no other server holds, no persistence
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

/** One redis-server process; `restart` keeps the port (its data is gone: no persistence). */
export class TestRedisServer {
  private child: ChildProcess | undefined;

  private constructor(private currentPort: number) {}

  /** On a port no other server holds (checked by the answering process's id, not by a connect). */
  static async start(extraArgs: string[] = []): Promise<TestRedisServer> {
    const server = new TestRedisServer(randomServerPort());
    for (let attempt = 1; ; attempt++) {
      if (await server.tryLaunch(extraArgs)) return server;
      if (attempt >= LAUNCH_ATTEMPTS) throw new Error(`redis-server found no free port in ${LAUNCH_ATTEMPTS} attempts`);
      server.currentPort = randomServerPort();
    }
  }

  get port(): number {
    return this.currentPort;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server again on the same port (the clients' URL stays valid). */
  async launch(extraArgs: string[] = []): Promise<void> {
    if (!(await this.tryLaunch(extraArgs))) throw new Error(`redis-server could not listen on ${this.port} again: another process took the port`);
  }

  private async tryLaunch(extraArgs: string[]): Promise<boolean> {
    const child = spawnRedisServer(this.port, extraArgs);
    this.child = child;
    if (await ourServerListens(child, this.port, 10_000)) return true;
    this.child = undefined;
    return false;
  }

  /** The server's process (tests that stop it with SIGSTOP). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
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
