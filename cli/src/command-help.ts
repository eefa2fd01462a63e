import type { Command } from 'commander';

interface CommandHelp {
  /** What each exit code means for this command. */
  readonly exitCodes: readonly string[];
  readonly example: string;
}

const USAGE = '2  bad usage or configuration (nothing was attempted)';
const RUNTIME = '3  something broke while running';

/** The end of each command's --help: its exit codes and one example to copy. */
const HELP: Readonly<Record<string, CommandHelp>> = {
  serve: {
    exitCodes: ['0  stopped with Ctrl+C', USAGE, RUNTIME],
    example: 'npx cartrover-connector serve --sandbox --data-dir ./data',
  },
  'rotate-master-key': {
    exitCodes: ['0  every secret re-encrypted under the new key', USAGE, RUNTIME],
    example: 'npx cartrover-connector rotate-master-key --data-dir ./data',
  },
  'rotate-token': {
    exitCodes: ['0  the new token is in the data folder', USAGE, RUNTIME],
    example: 'npx cartrover-connector rotate-token --data-dir ./data',
  },
  sandbox: {
    exitCodes: ['0  stopped with Ctrl+C', USAGE, RUNTIME],
    example: 'npx cartrover-connector sandbox --port 4000',
  },
  test: {
    exitCodes: ['0  the credentials work', '1  the test failed (the line says why)', USAGE, RUNTIME],
    example: 'CARTROVER_API_KEY=demo-merchant-key npx cartrover-connector test --api-user demo-merchant --cartrover-url http://127.0.0.1:4000',
  },
  export: {
    exitCodes: ['0  every record was exported', USAGE, RUNTIME],
    example: 'CARTROVER_API_KEY=demo-merchant-key npx cartrover-connector export orders --config \'{"status":"new"}\' --api-user demo-merchant --cartrover-url http://127.0.0.1:4000 --out new-orders.ndjson',
  },
  import: {
    exitCodes: ['0  every record was created (or already existed)', '1  some records failed (their result lines say why)', USAGE, RUNTIME],
    example: 'CARTROVER_API_KEY=demo-merchant-key npx cartrover-connector import orders.create --api-user demo-merchant --cartrover-url http://127.0.0.1:4000 --in orders.ndjson',
  },
};

function helpText(help: CommandHelp): string {
  return `\nExit codes:\n${help.exitCodes.map((line) => `  ${line}`).join('\n')}\n\nExample:\n  ${help.example}\n`;
}

/** Adds the exit codes and an example to the program's and every command's --help. */
export function addExitCodesAndExamples(program: Command): void {
  for (const command of program.commands) {
    const help = HELP[command.name()];
    if (help) command.addHelpText('after', helpText(help));
  }
  program.addHelpText('after', `\nExit codes: 0 ok, 1 a failed test or failed records, 2 usage or configuration error, 3 runtime failure.\n\nExample:\n  npx cartrover-connector serve --sandbox\n  npx cartrover-connector import --help\n`);
}
