import { cartroverUrlSource, forCommandLine } from '../cartrover-url-source';
import type { CliIo } from '../cli-io';
import { writeLine } from '../cli-io';
import { openCliSession } from '../cli-session';
import { EXIT } from '../exit-codes';
import { parseUrl } from '../option-parsers';
import type { ConnectionFlags } from './common-options';

/** `test --api-user U`: the connection test ("ping"); exit 0 when it passes, 1 when it fails. */
export async function runTestCommand(flags: ConnectionFlags, io: CliIo): Promise<number> {
  const session = await openCliSession({ appId: flags.app, apiUser: flags.apiUser, cartroverUrl: parseUrl(flags.cartroverUrl, '--cartrover-url'), manifests: flags.plugin, io });
  // As a stored connection: the plugin then excludes it from its own name checks and uses its pool.
  // The session validated the values with the app's form already: once per test.
  const result = await session.app.testHandler.test({ connectionId: session.connectionId, values: session.values, validated: true });
  if (result.ok) {
    writeLine(io.stdout, `OK: ${result.message} (${result.latencyMs} ms)`);
    return EXIT.ok;
  }
  const detail = [result.kind, result.processId ? `process id ${result.processId}` : undefined].filter(Boolean).join(', ');
  writeLine(io.stdout, `FAILED${detail ? ` (${detail})` : ''}: ${forCommandLine(result.message, cartroverUrlSource(flags.cartroverUrl, io.env))}`);
  if (result.errors) for (const [field, message] of Object.entries(result.errors)) writeLine(io.stdout, `  ${field}: ${message}`);
  return EXIT.failed;
}
