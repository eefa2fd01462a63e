import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ExportOperation } from 'cartrover-connector/contracts';
import { OperationConfigValidator } from '@cartrover/host';
import type { CliIo } from '../cli-io';
import { writeLine } from '../cli-io';
import { openCliSession } from '../cli-session';
import { EXIT } from '../exit-codes';
import { parseConcurrency, parseJsonObject, parseRedisUrl, parseUrl } from '../option-parsers';
import { watchPoolLevel } from '../pool-level-watch';
import { startProgress } from '../progress';
import { UsageError } from '../usage-error';
import type { ConnectionFlags, PoolFlags } from './common-options';
import { operationOf } from './operation-lookup';

export interface ExportFlags extends ConnectionFlags, PoolFlags {
  config?: string;
  out?: string;
  watermark?: string;
}

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** `export <operation>`: runs a source operation, NDJSON to stdout or `--out`. */
export async function runExportCommand(operationId: string, flags: ExportFlags, io: CliIo): Promise<number> {
  const config = parseJsonObject(flags.config, '--config');
  const session = await openCliSession({ appId: flags.app, apiUser: flags.apiUser, cartroverUrl: parseUrl(flags.cartroverUrl, '--cartrover-url'), manifests: flags.plugin, io,
    concurrency: parseConcurrency(flags.concurrency), redisUrl: parseRedisUrl(flags.redisUrl ?? io.env.REDIS_URL, '--redis-url') });
  const operation = operationOf(session.app, operationId, 'source') as ExportOperation;
  const errors = new OperationConfigValidator().errors(operation, config, 'config');
  if (Object.keys(errors).length > 0) throw new UsageError(`--config is not valid for ${operationId}: ${Object.entries(errors).map(([field, message]) => `${field} ${message}`).join('; ')}`);

  const out = flags.out ? createWriteStream(flags.out) : io.stdout;
  const progress = startProgress(io, `Exporting ${operationId}:`);
  const levelWatch = await watchPoolLevel(() => session.poolStats(), io);
  const controller = new AbortController();
  let count = 0;
  let watermark: string | undefined;
  try {
    for await (const record of operation.read({
      connectionId: session.connectionId,
      config,
      signal: controller.signal,
      logger: session.logger,
      ...(flags.watermark ? { watermark: flags.watermark } : {}),
      setWatermark: (value) => {
        watermark = value;
      },
    })) {
      await write(out, `${JSON.stringify(record)}\n`);
      count += 1;
      progress.tick();
    }
  } finally {
    progress.stop();
    await levelWatch.stop();
    if (out !== io.stdout) await new Promise<void>((resolve) => (out as NodeJS.WritableStream & { end(callback: () => void): void }).end(resolve));
  }
  writeLine(io.stderr, `Exported ${count} record${count === 1 ? '' : 's'}${flags.out ? ` to ${flags.out}` : ''}${watermark ? ` (watermark ${watermark})` : ''}`);
  return EXIT.ok;
}
