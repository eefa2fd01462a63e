import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ImportOperation, RecordResult } from 'cartrover-connector/contracts';
import { OperationConfigValidator } from '@cartrover/host';
import type { CliIo } from '../cli-io';
import { writeLine } from '../cli-io';
import { openCliSession } from '../cli-session';
import { EXIT } from '../exit-codes';
import { DEFAULT_CLI_CONCURRENCY, parseConcurrency, parseJsonObject, parseRedisUrl, parseUrl } from '../option-parsers';
import { startProgress } from '../progress';
import { UsageError } from '../usage-error';
import type { ConnectionFlags, PoolFlags } from './common-options';
import { operationOf } from './operation-lookup';

export interface ImportFlags extends ConnectionFlags, PoolFlags {
  config?: string;
  in?: string;
}

/** A line waiting for its batch; a line that is not JSON waits too, so results stay in input order. */
interface PendingRecord {
  readonly line: number;
  readonly record: unknown;
  readonly invalid?: string;
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
    concurrency: parseConcurrency(flags.concurrency, DEFAULT_CLI_CONCURRENCY), redisUrl: parseRedisUrl(flags.redisUrl ?? io.env.REDIS_URL, '--redis-url') });
  const operation = operationOf(session.app, operationId, 'destination') as ImportOperation;
  const errors = new OperationConfigValidator().errors(operation, config, 'config');
  if (Object.keys(errors).length > 0) throw new UsageError(`--config is not valid for ${operationId}: ${Object.entries(errors).map(([field, message]) => `${field} ${message}`).join('; ')}`);

  const input = flags.in !== undefined ? createReadStream(flags.in, 'utf8') : io.stdin;
  const context = { connectionId: session.connectionId, config, signal: new AbortController().signal, logger: session.logger };
  const progress = startProgress(io, `Importing ${operationId}:`);
  const totals = { ok: 0, failed: 0, skipped: 0 };
  const report = (line: number, result: RecordResult): void => {
    // "exists": an idempotent create found the record already there; nothing new was made.
    if (result.status === 'skipped' || result.status === 'exists') totals.skipped += 1;
    else if (result.ok) totals.ok += 1;
    else totals.failed += 1;
    writeLine(io.stdout, describe(line, result));
    progress.tick();
  };
  let batch: PendingRecord[] = [];
  const flush = async (): Promise<void> => {
    const current = batch;
    batch = [];
    if (current.length === 0) return;
    const valid = current.filter((pending) => pending.invalid === undefined);
    let results: readonly RecordResult[] = [];
    try {
      if (valid.length > 0) results = await operation.write(context, valid.map((pending) => pending.record));
    } catch (error) {
      results = valid.map((_pending, index) => ({ index, ok: false, status: 'failed' as const, message: (error as Error).message }));
    }
    const byIndex = new Map(results.map((result) => [result.index, result]));
    let validIndex = 0;
    for (const pending of current) {
      if (pending.invalid !== undefined) {
        report(pending.line, { index: 0, ok: false, status: 'failed', message: pending.invalid });
        continue;
      }
      const index = validIndex;
      validIndex += 1;
      report(pending.line, byIndex.get(index) ?? { index, ok: false, status: 'failed', message: 'no result for this record' });
    }
  };

  let lineNumber = 0;
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        batch.push({ line: lineNumber, record: undefined, invalid: 'not valid JSON' });
        continue;
      }
      batch.push({ line: lineNumber, record });
      if (batch.filter((pending) => pending.invalid === undefined).length >= Math.max(1, operation.batchSize)) await flush();
    }
    await flush();
  } finally {
    progress.stop();
  }
  writeLine(io.stderr, `Imported: ${totals.ok} written, ${totals.skipped} skipped (already existed), ${totals.failed} failed`);
  return totals.failed > 0 ? EXIT.failed : EXIT.ok;
}
