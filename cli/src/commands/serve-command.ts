import path from 'node:path';
import { Host } from '@cartrover/host';
import { startSandbox } from '@cartrover/sandbox';
import type { SandboxServer } from '@cartrover/sandbox';
import type { CliIo } from '../cli-io';
import { writeLine } from '../cli-io';
import { EXIT } from '../exit-codes';
import { parsePort, parseRedisUrl, parseUrl } from '../option-parsers';
import { untilSignal } from '../shutdown';
import { UsageError } from '../usage-error';
import { demoMerchant } from './demo-credentials';
import { serveBanner } from './serve-banner';

export interface ServeFlags {
  port?: string;
  bind: string;
  dataDir?: string;
  cartroverUrl?: string;
  sandbox?: boolean;
  sandboxPort?: string;
  plugin?: string[];
  allowedHosts?: string;
  redisUrl?: string;
}

/** `serve`: the reference host (REST API and web page), optionally with the bundled sandbox. */
export async function runServeCommand(flags: ServeFlags, io: CliIo): Promise<number> {
  const port = parsePort(flags.port ?? io.env.PORT, 3000);
  const dataDir = path.resolve(flags.dataDir ?? io.env.DATA_DIR ?? './data');
  let cartroverUrl = parseUrl(flags.cartroverUrl ?? io.env.CARTROVER_BASE_URL, '--cartrover-url');
  const redisUrl = parseRedisUrl(flags.redisUrl ?? io.env.REDIS_URL, '--redis-url');
  const sandboxPort = parsePort(flags.sandboxPort, 0, '--sandbox-port');
  if (flags.sandboxPort !== undefined && !flags.sandbox) throw new UsageError('--sandbox-port needs --sandbox (it sets the port of the bundled sandbox)');
  let sandbox: SandboxServer | undefined;
  if (flags.sandbox) {
    sandbox = await startSandbox({ port: sandboxPort });
    // --sandbox means "talk to the sandbox": it wins over a configured URL.
    cartroverUrl = sandbox.url;
  }
  // A first start's sentences (a generated master key) go into the banner, not the log.
  const notices: string[] = [];
  let host: Host;
  try {
    host = await Host.create({
      dataDir,
      ...(flags.plugin && flags.plugin.length > 0 ? { manifests: flags.plugin } : {}),
      settings: {
        CARTROVER_BASE_URL: cartroverUrl,
        CARTROVER_TIMEOUT_MS: io.env.CARTROVER_TIMEOUT_MS,
        CARTROVER_BREAKER_FAILURES: io.env.CARTROVER_BREAKER_FAILURES,
        CARTROVER_BREAKER_HALF_OPEN_MS: io.env.CARTROVER_BREAKER_HALF_OPEN_MS,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: io.env.REDIS_KEY_PREFIX,
        REDIS_POOL_SLICE_MS: io.env.REDIS_POOL_SLICE_MS,
      },
      masterKey: io.env.MASTER_KEY,
      onNotice: (sentence) => notices.push(sentence),
      ...(io.env.HOST_TOKEN ? { token: io.env.HOST_TOKEN } : {}),
      allowedHosts: (flags.allowedHosts ?? io.env.ALLOWED_HOSTS ?? '').split(',').map((name) => name.trim()).filter((name) => name !== ''),
      // Quiet by default so the banner stays readable; LOG_LEVEL=info (or debug) shows more.
      logLevel: io.env.LOG_LEVEL ?? 'warn',
      // Logs go to stderr: stdout carries the banner only, so it stays readable and scriptable.
      logDestination: io.stderr,
    });
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
  let url: string;
  try {
    url = await host.listen({ port, bind: flags.bind });
  } catch (error) {
    await host.close();
    await sandbox?.close();
    throw error;
  }
  const demo = demoMerchant();
  const banner = serveBanner({
    url,
    loginUrl: host.loginUrl(url),
    dataDir,
    notices,
    ...(sandbox ? { sandbox: { url: sandbox.url, apiUser: demo.apiUser, apiKey: demo.apiKey } } : {}),
    ...(cartroverUrl === undefined ? {} : { cartroverUrl }),
    ...(redisUrl === undefined ? {} : { redisUrl }),
    logLevel: io.env.LOG_LEVEL ?? 'warn',
  });
  // Signals are caught before the banner announces the address: whoever reads it may stop us at once.
  const stopped = untilSignal(async () => {
    writeLine(io.stdout, 'Shutting down…');
    await host.close();
    await sandbox?.close();
  });
  for (const line of banner) writeLine(io.stdout, line);
  await stopped;
  return EXIT.ok;
}
