import type { RouteOptions } from 'fastify';
import type { DestinationStream } from 'pino';
import type { HttpTimeouts } from './http/http-limits';
import type { HostInstanceOptions } from './runs/host-instance';

export interface HostOptions {
  /** Where the database, the master key file and the files of the `file` app live. */
  readonly dataDir: string;
  /** Plugin manifests to load (default: this project's plugin.manifest.json). */
  readonly manifests?: readonly string[];
  /** What plugins read through HostConfiguration, e.g. CARTROVER_BASE_URL. */
  readonly settings?: Readonly<Record<string, string | undefined>>;
  /** `MASTER_KEY`: base64 of 32 bytes; otherwise `<dataDir>/master.key`. */
  readonly masterKey?: string;
  readonly logLevel?: string;
  /**
   * Sentences for the person starting the host (a master key generated on a first start), for a
   * banner to print. Without it they are logged as warnings.
   */
  readonly onNotice?: (sentence: string) => void;
  /** Where log lines go (default stdout; the CLI's `serve` passes stderr, keeping stdout for its banner). */
  readonly logDestination?: DestinationStream | NodeJS.WritableStream;
  /** The web page's folder (default: src/web/static under the host package's root). */
  readonly staticDir?: string;
  /** `HOST_TOKEN`: the access token; otherwise `<dataDir>/host.token`, generated once (0600). */
  readonly token?: string;
  /** `--allowed-hosts`: `Host` names accepted besides localhost, 127.0.0.1 and ::1. */
  readonly allowedHosts?: readonly string[];
  /** Heartbeat and run lease (defaults: 2 s and 15 s); tests shorten them. */
  readonly runLease?: HostInstanceOptions;
  /** Sees every HTTP route as it is added (it may wrap the handler); tests enumerate the route table with it. */
  readonly observeRoute?: (route: RouteOptions) => void;
  /** Client time limits (default: http/http-limits HTTP_TIMEOUTS); tests shorten them. */
  readonly httpTimeouts?: HttpTimeouts;
}

export interface ListenOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Loopback unless the user chose otherwise. */
  readonly bind?: string;
}
