import { Command, CommanderError } from 'commander';
import { HostStartError, HostTokenError, MasterKeyError, PluginLoadError, readPackageVersion } from '@cartrover/host';
import type { CliIo } from './cli-io';
import { writeLine } from './cli-io';
import { closeCliSessions } from './cli-session';
import { addExitCodesAndExamples } from './command-help';
import { withConnectionOptions, withPoolOptions } from './commands/common-options';
import type { ConnectionFlags } from './commands/common-options';
import { runExportCommand } from './commands/export-command';
import type { ExportFlags } from './commands/export-command';
import { runImportCommand } from './commands/import-command';
import type { ImportFlags } from './commands/import-command';
import { runRotateMasterKeyCommand } from './commands/rotate-master-key-command';
import { runRotateTokenCommand } from './commands/rotate-token-command';
import { runSandboxCommand } from './commands/sandbox-command';
import { runServeCommand } from './commands/serve-command';
import type { ServeFlags } from './commands/serve-command';
import { runTestCommand } from './commands/test-command';
import { EXIT } from './exit-codes';
import { UsageError } from './usage-error';

/** Parses `argv` (without node and the script) and runs the command; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name('cartrover-connector')
    .description('CartRover connector: reference host, sandbox and command-line tools')
    .version(readPackageVersion())
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });

  program
    .command('serve')
    .description('run the host: REST API and web page')
    .option('--port <port>', 'port (env PORT, default 3000)')
    .option('--bind <address>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'data folder (env DATA_DIR, default ./data)')
    .option('--cartrover-url <url>', 'CartRover base URL (env CARTROVER_BASE_URL)')
    .option('--sandbox', 'start the bundled CartRover sandbox and use it')
    .option('--sandbox-port <port>', "the bundled sandbox's port (default: a free one)")
    .option('--plugin <manifest...>', 'plugin manifest(s) to load (default: this package)')
    .option('--allowed-hosts <names>', 'comma-separated Host names accepted besides localhost (env ALLOWED_HOSTS); needed with a non-loopback --bind')
    .option('--redis-url <url>', 'share the concurrency pools with every host on this Redis (env REDIS_URL)')
    .action(async (flags: ServeFlags) => {
      exitCode = await runServeCommand(flags, io);
    });

  program
    .command('rotate-master-key')
    .description('re-encrypt every stored secret under a new master key (stop the host first)')
    .option('--data-dir <dir>', 'data folder (env DATA_DIR, default ./data)')
    .action(async (flags: { dataDir?: string }) => {
      exitCode = await runRotateMasterKeyCommand(flags, io);
    });

  program
    .command('rotate-token')
    .description('replace the access token in the data folder; ends every session (hosts keep running)')
    .option('--data-dir <dir>', 'data folder (env DATA_DIR, default ./data)')
    .action(async (flags: { dataDir?: string }) => {
      exitCode = await runRotateTokenCommand(flags, io);
    });

  program
    .command('sandbox')
    .description('run the bundled CartRover sandbox until Ctrl+C')
    .option('--port <port>', 'port (default: a free one)')
    .action(async (flags: { port?: string }) => {
      exitCode = await runSandboxCommand(flags, io);
    });

  withConnectionOptions(program.command('test').description('test CartRover credentials (key from CARTROVER_API_KEY)')).action(async (flags: ConnectionFlags) => {
    exitCode = await runTestCommand(flags, io);
  });

  withPoolOptions(withConnectionOptions(program.command('export').argument('<operation>', 'source operation, e.g. orders, inventory, products').description('run a source operation; NDJSON to stdout or --out')))
    .option('--config <json>', 'operation config as a JSON object')
    .option('--watermark <value>', 'start after this delta watermark')
    .option('--out <file>', 'write NDJSON to this file instead of stdout')
    .action(async (operation: string, flags: ExportFlags) => {
      exitCode = await runExportCommand(operation, flags, io);
    });

  withPoolOptions(withConnectionOptions(program.command('import').argument('<operation>', 'destination operation, e.g. orders.create').description('run a destination operation on NDJSON records')))
    .option('--config <json>', 'operation config as a JSON object')
    .option('--in <file>', 'read NDJSON from this file instead of stdin')
    .action(async (operation: string, flags: ImportFlags) => {
      exitCode = await runImportCommand(operation, flags, io);
    });

  addExitCodesAndExamples(program);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    await closeCliSessions();
    return exitCode;
  } catch (error) {
    await closeCliSessions().catch(() => undefined);
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError || error instanceof MasterKeyError || error instanceof PluginLoadError || error instanceof HostStartError || error instanceof HostTokenError) {
      writeLine(io.stderr, `error: ${error.message}`);
      return EXIT.usage;
    }
    // stdout closed by its reader (`export … | head`): a quiet, successful end.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return EXIT.ok;
    writeLine(io.stderr, `error: ${(error as Error).message}`);
    return EXIT.runtime;
  }
}
