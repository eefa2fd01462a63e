import type { FastifyInstance, FastifyReply } from 'fastify';
import { NotFoundError } from '../../errors/not-found-error';
import type { StoredRun } from '../../store/stored-records';
import type { ApiServices } from '../api-services';

type RunParams = { Params: { id: string; runId: string } };

/** Failed records the run did not keep (past the first 100, or too large): said in a header. */
function notListed(run: StoredRun, kept: number): number {
  return Math.max(0, run.failed - kept);
}

function ndjson(reply: FastifyReply, filename: string, lines: readonly unknown[], missing: number): FastifyReply {
  const text = lines.map((line) => JSON.stringify(line)).join('\n');
  return reply
    .type('application/x-ndjson; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('x-failed-not-listed', String(missing))
    .send(text === '' ? '' : `${text}\n`);
}

/**
 * A run's failures as files a person works with. `errors`: one line per error, a failed record's
 * with its number (1-based: the record's line in a file source, as the page says "Record 4"), its
 * order's `cust_ref`, the sentence and the record itself (`data`); a run-level reason is a line
 * with only its `message`. `failed-records`: just the failed records as the source gave them, to
 * fix and upload as a file to run again. A run keeps its first 100 failed records;
 * `X-Failed-Not-Listed` says how many more failed.
 */
export function registerRunDownloadRoutes(app: FastifyInstance, services: ApiServices): void {
  const runOf = (flowId: string, runId: string): StoredRun => {
    const run = services.store.runs.get(flowId, runId);
    if (!run) throw new NotFoundError(`Run of flow ${flowId}`, runId);
    return run;
  };

  app.get<RunParams>('/flows/:id/runs/:runId/errors', async (request, reply) => {
    const run = runOf(request.params.id, request.params.runId);
    const records = services.store.failedRecords.ofRun(run.id);
    const lines = run.errors.map(({ index, custRef, message }) => {
      if (index === undefined) return { message };
      return { record: index + 1, ...(custRef === undefined ? {} : { cust_ref: custRef }), message, ...(records.has(index) ? { data: records.get(index) } : {}) };
    });
    const kept = run.errors.filter((error) => error.index !== undefined).length;
    return ndjson(reply, `run-${run.id}-errors.ndjson`, lines, notListed(run, kept));
  });

  app.get<RunParams>('/flows/:id/runs/:runId/failed-records', async (request, reply) => {
    const run = runOf(request.params.id, request.params.runId);
    const records = [...services.store.failedRecords.ofRun(run.id).values()];
    return ndjson(reply, `run-${run.id}-failed-records.ndjson`, records, notListed(run, records.length));
  });
}
