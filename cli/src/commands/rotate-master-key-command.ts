import path from 'node:path';
import { PinoLogger, createPinoInstance, rotateMasterKey } from '@cartrover/host';
import type { CliIo } from '../cli-io';
import { writeLine } from '../cli-io';
import { EXIT } from '../exit-codes';
import { UsageError } from '../usage-error';

/**
 * `rotate-master-key --data-dir D`: every stored secret re-encrypted under a new master key in one
 * transaction; the old key file stays until that has committed. Run it with the host stopped.
 */
export async function runRotateMasterKeyCommand(flags: { dataDir?: string }, io: CliIo): Promise<number> {
  if (io.env.MASTER_KEY) {
    throw new UsageError('MASTER_KEY is set: rotation manages the key file (master.key) in the data folder. Re-encrypt with a key file, or unset MASTER_KEY.');
  }
  const dataDir = path.resolve(flags.dataDir ?? io.env.DATA_DIR ?? './data');
  const logger = new PinoLogger(createPinoInstance({ level: io.env.LOG_LEVEL ?? 'warn', destination: io.stderr }));
  const result = rotateMasterKey(dataDir, logger);
  writeLine(io.stdout, `Master key rotated: ${result.previousKeyId} -> ${result.keyId} (${result.secrets} secrets re-encrypted in ${dataDir}). Back up the new master.key.`);
  return EXIT.ok;
}
