import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { HostStartError } from '../host-start-error';
import { MASTER_KEY_FILE } from '../secrets/master-key';
import { DATABASE_FILE } from '../store/open-database';

/**
 * A key file is generated only into a new folder, next to its database. A folder with
 * `master.key` but no (or an empty) `host.db` lost its database: starting would silently make a
 * new, empty host over it. Refuse with a sentence instead (issue 19.6).
 */
export function refuseLostDatabase(dataDir: string): void {
  if (!existsSync(path.join(dataDir, MASTER_KEY_FILE))) return;
  const database = path.join(dataDir, DATABASE_FILE);
  const state = !existsSync(database) ? 'missing' : statSync(database).size === 0 ? 'empty' : undefined;
  if (state === undefined) return;
  throw new HostStartError(
    `The data folder ${dataDir} has a master key (${MASTER_KEY_FILE}) but its database ${DATABASE_FILE} is ${state}: the connections, flows and secrets it held are not there. Restore ${DATABASE_FILE} from a backup, or move ${MASTER_KEY_FILE} away to start a new, empty host in this folder.`,
  );
}
