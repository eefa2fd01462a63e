import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

/*
 * Launching a throwaway redis-server on a port nobody else holds, for the tests and the benches
 * alike. Picking a free port and then spawning races with every other process picking one (the
 * port is lost before redis binds it, or another suite's server answers on it): the server is ours
 * only when the process answering `INFO server` on the port has our child's pid; else another port.
 */

/**
 * Ports for test servers are drawn from below the kernel's ephemeral range (32768-60999 on Linux),
 * where `listen(0)` and outgoing connections take theirs: a port freed by a restarting server is
 * then not handed to another suite's `freePort()` in the meantime.
 */
const SERVER_PORTS = { from: 20_000, to: 32_000 };
export const LAUNCH_ATTEMPTS = 8;

export function randomServerPort(): number {
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
export async function ourServerListens(child: ChildProcess, port: number, timeoutMs: number): Promise<boolean> {
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


/** A redis-server on 127.0.0.1 without persistence (`--save '' --appendonly no`). */
export function spawnRedisServer(port: number, extraArgs: readonly string[] = []): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs], { stdio: 'ignore' });
}
