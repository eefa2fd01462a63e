import { existsSync } from 'node:fs';
import path from 'node:path';
import { TOKEN_FILE, rotateHostToken } from '@cartrover/host';
import type { CliIo } from '../cli-io';
import { writeLine } from '../cli-io';
import { EXIT } from '../exit-codes';
import { UsageError } from '../usage-error';

/**
 * `rotate-token --data-dir D`: a new access token replaces `host.token`. Hosts running on the
 * folder take it within a second; every session, login code and script using the old token ends.
 * The token is not printed: it stays in the 0600 file (scripts read it from there).
 */
export async function runRotateTokenCommand(flags: { dataDir?: string }, io: CliIo): Promise<number> {
  if (io.env.HOST_TOKEN) {
    throw new UsageError('HOST_TOKEN is set: a host started with it ignores host.token. Give HOST_TOKEN a new value and restart the host, or unset it to rotate the file.');
  }
  const dataDir = path.resolve(flags.dataDir ?? io.env.DATA_DIR ?? './data');
  if (!existsSync(dataDir)) throw new UsageError(`The data folder ${dataDir} does not exist; pass the host's --data-dir`);
  rotateHostToken(dataDir);
  const file = path.join(dataDir, TOKEN_FILE);
  writeLine(io.stdout, `Token rotated: ${file} holds the new token. Every session and login URL has ended; log in again with /?token=<the new token> or restart the host for a new login URL. Scripts: Authorization: Bearer $(cat ${file})`);
  return EXIT.ok;
}
