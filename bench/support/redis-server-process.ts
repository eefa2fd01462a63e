import type { ChildProcess } from 'node:child_process';
import { LAUNCH_ATTEMPTS, ourServerListens, randomServerPort, spawnRedisServer } from './redis-server-launch';

/** A throwaway redis-server for the Redis benchmarks: 127.0.0.1, a port verified ours, no persistence. */
export class BenchRedisServer {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
  ) {}

  /** On a port no other server holds (verified by the answering process's pid; another port when lost). */
  static async start(): Promise<BenchRedisServer> {
    for (let attempt = 1; ; attempt++) {
      const port = randomServerPort();
      const child = spawnRedisServer(port);
      const failed = new Promise<never>((_, reject) =>
        child.once('error', (error) => reject(new Error(`redis-server could not start (apt-get install -y redis-server): ${error.message}`))),
      );
      if (await Promise.race([ourServerListens(child, port, 10_000), failed])) return new BenchRedisServer(port, child);
      if (attempt >= LAUNCH_ATTEMPTS) throw new Error(`redis-server found no free port in ${LAUNCH_ATTEMPTS} attempts`);
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGKILL');
    });
  }
}
