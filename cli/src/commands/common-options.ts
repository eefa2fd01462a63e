import type { Command } from 'commander';

/** Options shared by the commands that talk to CartRover with a one-off connection. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option('--api-user <user>', 'CartRover API user (the key comes from CARTROVER_API_KEY)')
    .option('--cartrover-url <url>', 'CartRover base URL (default: CARTROVER_BASE_URL, else the plugin default)')
    .option('--app <id>', 'app id of the plugin', 'cartrover')
    .option('--plugin <manifest...>', 'plugin manifest(s) to load (default: this package)');
}

export interface ConnectionFlags {
  apiUser?: string;
  cartroverUrl?: string;
  app: string;
  plugin?: string[];
}
