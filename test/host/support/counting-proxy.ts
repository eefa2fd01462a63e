import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The route every order create goes to (`POST /v1/cart/orders/cartrover`). */
const CREATE_PATH = '/v1/cart/orders/cartrover';

interface HeldCreate {
  readonly custRef: string;
  readonly release: () => void;
}

/**
 * A stand-in in front of the sandbox, counting order creates where CartRover would see them: how
 * many are in flight, the most at once, each cust_ref's count. `hold` keeps the creates it picks
 * at the door until released, so a test decides when a record is answered (a gate, not a sleep).
 */
export class CountingProxy {
  inFlight = 0;
  maxInFlight = 0;
  creates = 0;
  readonly created = new Map<string, number>();
  readonly held: HeldCreate[] = [];
  #hold: (custRef: string) => boolean = () => false;
  #onChange: Array<() => void> = [];
  readonly #server: http.Server;
  url = '';

  private constructor(private readonly target: URL) {
    this.#server = http.createServer((request, response) => void this.#forward(request, response));
  }

  static async start(targetUrl: string): Promise<CountingProxy> {
    const proxy = new CountingProxy(new URL(targetUrl));
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${(proxy.#server.address() as AddressInfo).port}`;
    return proxy;
  }

  /** Holds the creates whose cust_ref matches (until `releaseAll`); they count as in flight. */
  hold(matches: (custRef: string) => boolean): void {
    this.#hold = matches;
  }

  releaseAll(): void {
    this.#hold = () => false;
    for (const held of this.held.splice(0)) held.release();
  }

  /** Resolves when `check` holds (checked on every change at the door). */
  when(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => {
      const listener = (): void => {
        if (!check()) return;
        this.#onChange = this.#onChange.filter((candidate) => candidate !== listener);
        resolve();
      };
      this.#onChange.push(listener);
    });
  }

  async close(): Promise<void> {
    this.releaseAll();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #changed(): void {
    for (const listener of [...this.#onChange]) listener();
  }

  async #forward(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const isCreate = request.method === 'POST' && (request.url ?? '').startsWith(CREATE_PATH);
    let custRef = '';
    if (isCreate) {
      try {
        custRef = String((JSON.parse(body.toString('utf8')) as { cust_ref?: unknown }).cust_ref ?? '');
      } catch {
        custRef = '';
      }
      this.creates += 1;
      this.created.set(custRef, (this.created.get(custRef) ?? 0) + 1);
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      this.#changed();
      if (this.#hold(custRef)) {
        await new Promise<void>((release) => {
          this.held.push({ custRef, release });
          this.#changed();
        });
      }
    }
    const upstream = http.request(
      { host: this.target.hostname, port: this.target.port, path: request.url, method: request.method, headers: { ...request.headers, host: this.target.host } },
      (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (part: Buffer) => parts.push(part));
        answer.on('end', () => {
          if (isCreate) {
            this.inFlight -= 1;
            this.#changed();
          }
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          response.end(Buffer.concat(parts));
        });
      },
    );
    upstream.on('error', () => {
      if (isCreate) this.inFlight -= 1;
      response.destroy();
    });
    upstream.end(body);
  }
}
