import { createServer, type Server } from 'node:http';
import { sharedClockMs } from './shared-clock';

/** One request as the stand-in saw it: from its arrival until the stand-in finished working on it. */
export interface StandInRequest {
  readonly worker: string;
  readonly start: number;
  end: number;
}

/**
 * A CartRover stand-in for the fault checker: `GET /work?ms=N&worker=W` works N ms, then answers.
 * It counts a request in flight from its arrival until its work is done, whether or not the client
 * is still there (a client that timed out, was killed or stopped does not stop the server's work):
 * what it records is what CartRover would see. Times on the shared clock.
 */
export class StandInServer {
  readonly requests: StandInRequest[] = [];
  private inFlight = 0;
  private maxInFlight = 0;

  private readonly server: Server = createServer((request, response) => this.handle(request.url ?? '', (body) => response.end(body)));
  private address = '';

  private constructor() {
    this.server.keepAliveTimeout = 60_000;
  }

  static async start(): Promise<StandInServer> {
    const standIn = new StandInServer();
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    const address = standIn.server.address();
    standIn.address = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return standIn;
  }

  get url(): string {
    return this.address;
  }

  get max(): number {
    return this.maxInFlight;
  }

  /** Moments the stand-in had more than `level` requests in flight (from `from` on, shared clock). */
  momentsAbove(level: number, from = Number.NEGATIVE_INFINITY): { at: number; inFlight: number }[] {
    const points = this.requests
      .filter((request) => request.end > from)
      .flatMap((request) => [
        { at: request.start, delta: 1 },
        { at: request.end, delta: -1 },
      ])
      .sort((a, b) => a.at - b.at || a.delta - b.delta); // an end before a start at the same moment
    const above: { at: number; inFlight: number }[] = [];
    let current = 0;
    for (const point of points) {
      current += point.delta;
      if (current > level) above.push({ at: point.at, inFlight: current });
    }
    return above;
  }

  /** Requests of `worker` that arrived in [from, to). */
  arrivalsOf(worker: string, from: number, to: number): number {
    return this.requests.filter((request) => request.worker === worker && request.start >= from && request.start < to).length;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(path: string, answer: (body: string) => void): void {
    const url = new URL(path, 'http://stand-in');
    const record: StandInRequest = { worker: url.searchParams.get('worker') ?? '?', start: sharedClockMs(), end: Number.POSITIVE_INFINITY };
    this.requests.push(record);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    setTimeout(() => {
      record.end = sharedClockMs();
      this.inFlight--;
      answer('{"success_code":true}');
    }, Number(url.searchParams.get('ms') ?? '0'));
  }
}
