import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { openImportSession, pumpRecords } from 'cartrover-connector/contracts';
import type { ImportOperation, ImportSession, RecordResult } from 'cartrover-connector/contracts';
import { OperationConfigValidator, parseNdjsonLine } from '@cartrover/host';
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

export interface ImportFlags extends ConnectionFlags, PoolFlags {
  config?: string;
  in?: string;
}

/** A line of the input; a line that is not JSON is reported failed in its place, so results stay in input order. */
interface PendingRecord {
  readonly line: number;
  readonly record: unknown;
  readonly invalid?: string;
}

/** The input's lines as records (blank lines skipped), each with its line number. */
async function* pendingRecords(input: NodeJS.ReadableStream): AsyncIterable<PendingRecord> {
  let lineNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber += 1;
    // The host's one reading of a line (blank skipped; only a JSON object is a record).
    const parsed = parseNdjsonLine(line);
    if (parsed.kind === 'record') yield { line: lineNumber, record: parsed.record };
    else if (parsed.kind === 'not_json') yield { line: lineNumber, record: undefined, invalid: 'not valid JSON' };
    else if (parsed.kind === 'not_object') yield { line: lineNumber, record: undefined, invalid: 'not a JSON object (one record per line)' };
  }
}

function describe(line: number, result: RecordResult): string {
  const ref = result.custRef ? ` ${result.custRef}` : '';
  return `line ${line}${ref}: ${result.status}${result.message ? ` - ${result.message}` : ''}`;
}

/** `import <operation>`: NDJSON from `--in` or stdin through a destination operation, one summary line per record. */
export async function runImportCommand(operationId: string, flags: ImportFlags, io: CliIo): Promise<number> {
  const config = parseJsonObject(flags.config, '--config');
  if (flags.in !== undefined && !existsSync(flags.in)) throw new UsageError(`--in: no such file ${flags.in}`);
  const session = await openCliSession({ appId: flags.app, apiUser: flags.apiUser, cartroverUrl: parseUrl(flags.cartroverUrl, '--cartrover-url'), manifests: flags.plugin, io,
    concurrency: parseConcurrency(flags.concurrency), redisUrl: parseRedisUrl(flags.redisUrl ?? io.env.REDIS_URL, '--redis-url') });
  const operation = operationOf(session.app, operationId, 'destination') as ImportOperation;
  const errors = new OperationConfigValidator().errors(operation, config, 'config');
  if (Object.keys(errors).length > 0) throw new UsageError(`--config is not valid for ${operationId}: ${Object.entries(errors).map(([field, message]) => `${field} ${message}`).join('; ')}`);

  const input = flags.in !== undefined ? createReadStream(flags.in, 'utf8') : io.stdin;
  const context = { connectionId: session.connectionId, config, signal: new AbortController().signal, logger: session.logger };
  const progress = startProgress(io, `Importing ${operationId}:`);
  const levelWatch = await watchPoolLevel(() => session.poolStats(), io);
  const totals = { ok: 0, failed: 0, skipped: 0 };
  const report = (line: number, result: RecordResult): void => {
    // "exists": an idempotent create found the record already there; nothing new was made.
    if (result.status === 'skipped' || result.status === 'exists') totals.skipped += 1;
    else if (result.ok) totals.ok += 1;
    else totals.failed += 1;
    writeLine(io.stdout, describe(line, result));
    progress.tick();
  };

  // The host's pump (the plugin contract's): the pool's level of records in flight, results in input order.
  const destination = await openImportSession(operation, context);
  const lines: ImportSession = {
    get window() {
      return destination.window;
    },
    // A line that is not JSON fails on its own, in its place among the results, and costs no request.
    write: (pending, index) => {
      const { record, invalid } = pending as PendingRecord;
      return invalid === undefined ? destination.write(record, index) : Promise.resolve({ index, ok: false, status: 'failed', message: invalid });
    },
    close: () => destination.close(),
  };
  try {
    await pumpRecords(lines, pendingRecords(input), { onResult: (result, pending) => report(pending.line, result) });
  } finally {
    await lines.close();
    progress.stop();
    await levelWatch.stop();
  }
  writeLine(io.stderr, `Imported: ${totals.ok} written, ${totals.skipped} skipped (already existed), ${totals.failed} failed`);
  return totals.failed > 0 ? EXIT.failed : EXIT.ok;
}
