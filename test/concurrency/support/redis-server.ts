import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';

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

/**
 * Ports for test servers are drawn from below the kernel's ephemeral range (32768-60999 on Linux),
 * where `listen(0)` and outgoing connections take theirs: a port freed by a restarting server is
 * then not handed to another suite's `freePort()` in the meantime.
 */
const SERVER_PORTS = { from: 20_000, to: 32_000 };
const LAUNCH_ATTEMPTS = 8;

function randomServerPort(): number {
  return SERVER_PORTS.from + Math.floor(Math.random() * (SERVER_PORTS.to - SERVER_PORTS.from));
}

/**
 * The `process_id` of the redis-server answering on the port, or undefined while nothing does.
 * Jest runs suites in parallel workers, each starting its own redis-server: a port that merely
 * accepts connections may be another suite's server (this one then failed to bind and exited), and
 * a suite talking to another suite's Redis sees its restarts, pauses and flushes.
 */
function redisProcessIdAt(port: number): Promise<number | 'auth' | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (pid: number | 'auth' | undefined) => {
      socket.destroy();
      resolve(pid);
    };
    socket.setTimeout(2000, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.once('connect', () => socket.write('*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      const match = /process_id:(\d+)\r\n/.exec(reply);
      if (match) done(Number(match[1]));
      else if (reply.startsWith('-NOAUTH')) done('auth'); // a server with a password: it cannot tell who it is
      else if (reply.startsWith('-')) done(undefined); // LOADING etc.: not ready yet
    });
  });
}

/** Resolves true once our child answers on the port, false when it exited (the port was taken). */
async function ourServerListens(child: ChildProcess, port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    const pid = await redisProcessIdAt(port);
    if (pid === child.pid) return true;
    if (pid === 'auth') {
      // Ours if it is still running a moment later (a redis-server that cannot bind exits at once).
      await new Promise((resolve) => setTimeout(resolve, 300));
      return child.exitCode === null && child.signalCode === null;
    }
    if (pid !== undefined) {
      // Another suite's server holds the port: ours cannot bind it and exits (or is about to).
      child.kill('SIGKILL');
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
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
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
      { stdio: 'ignore' },
    );
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
