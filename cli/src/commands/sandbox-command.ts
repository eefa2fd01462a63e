import { DEMO_USERS, startSandbox } from '@cartrover/sandbox';
import type { CliIo } from '../cli-io';
import { writeLine } from '../cli-io';
import { EXIT } from '../exit-codes';
import { parsePort } from '../option-parsers';
import { untilSignal } from '../shutdown';

/** `sandbox [--port]`: the bundled CartRover stand-in, until SIGINT/SIGTERM. */
export async function runSandboxCommand(flags: { port?: string }, io: CliIo): Promise<number> {
  const sandbox = await startSandbox({ port: parsePort(flags.port, 0) });
  // Signals are caught before the address is announced: whoever reads it may stop us at once.
  const stopped = untilSignal(() => sandbox.close());
  writeLine(io.stdout, `CartRover sandbox listening on ${sandbox.url}`);
  for (const user of DEMO_USERS) writeLine(io.stdout, `  ${user.level.padEnd(9)} API user: ${user.apiUser}  API key: ${user.apiKey}`);
  writeLine(io.stdout, 'Press Ctrl+C to stop.');
  await stopped;
  return EXIT.ok;
}
