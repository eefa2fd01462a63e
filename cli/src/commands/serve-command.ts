import path from 'node:path';
import { Host } from '@cartrover/host';
import { startSandbox } from '@cartrover/sandbox';
import type { SandboxServer } from '@cartrover/sandbox';
import type { CliIo } from '../cli-io';
import { writeLine } from '../cli-io';
import { EXIT } from '../exit-codes';
import { parsePort, parseUrl } from '../option-parsers';
import { untilSignal } from '../shutdown';
import { demoMerchant } from './demo-credentials';

export interface ServeFlags {
  port?: string;
  bind: string;
  dataDir?: string;
  cartroverUrl?: string;
  sandbox?: boolean;
  plugin?: string[];
}

/** `serve`: the reference host (REST API and web page), optionally with the bundled sandbox. */
export async function runServeCommand(flags: ServeFlags, io: CliIo): Promise<number> {
  const port = parsePort(flags.port ?? io.env.PORT, 3000);
  const dataDir = path.resolve(flags.dataDir ?? io.env.DATA_DIR ?? './data');
  let cartroverUrl = parseUrl(flags.cartroverUrl ?? io.env.CARTROVER_BASE_URL, '--cartrover-url');
  let sandbox: SandboxServer | undefined;
  if (flags.sandbox) {
    sandbox = await startSandbox({});
    // --sandbox means "talk to the sandbox": it wins over a configured URL.
    cartroverUrl = sandbox.url;
  }
  let host: Host;
  try {
    host = await Host.create({
      dataDir,
      ...(flags.plugin && flags.plugin.length > 0 ? { manifests: flags.plugin } : {}),
      settings: { CARTROVER_BASE_URL: cartroverUrl, CARTROVER_TIMEOUT_MS: io.env.CARTROVER_TIMEOUT_MS },
      masterKey: io.env.MASTER_KEY,
      logLevel: io.env.LOG_LEVEL ?? 'info',
      logDestination: io.stdout,
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
  writeLine(io.stdout, `Integration host: ${url}  (data in ${dataDir})`);
  if (sandbox) {
    const demo = demoMerchant();
    writeLine(io.stdout, `CartRover sandbox: ${sandbox.url}`);
    writeLine(io.stdout, `Demo merchant API user: ${demo.apiUser}`);
    writeLine(io.stdout, `Demo merchant API key:  ${demo.apiKey}`);
  } else {
    writeLine(io.stdout, `CartRover: ${cartroverUrl ?? 'the plugin default (https://api.cartrover.com)'}`);
  }
  await untilSignal(async () => {
    writeLine(io.stdout, 'Shutting down…');
    await host.close();
    await sandbox?.close();
  });
  return EXIT.ok;
}
