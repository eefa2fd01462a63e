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

/** Options of the commands that send many requests: the pool's level, and sharing it through Redis. */
export function withPoolOptions(command: Command): Command {
  return command
    .option('--concurrency <n>', 'requests to CartRover in flight at once: the connection\'s concurrency level (its form\'s range; default: its default level)')
    .option('--redis-url <url>', 'share that level with every command of the same API user on this Redis (env REDIS_URL)');
}

export interface PoolFlags {
  concurrency?: string;
  redisUrl?: string;
}
