import type { ImportContext, ImportOperation, ImportSession, RecordResult } from './operation';

interface Waiting {
  readonly record: unknown;
  readonly index: number;
  readonly resolve: (result: RecordResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The session a host pumps one run's records into: the operation's own (`open`), or, for an
 * operation that only takes batches, one that gathers the records handed in within one turn of the
 * event loop (at most `batchSize`) into one `write`. A batch that throws fails its records with
 * the reason and the run goes on, unless the run was aborted (then the session rejects).
 */
export async function openImportSession(operation: ImportOperation, context: ImportContext): Promise<ImportSession> {
  if (operation.open) return operation.open(context);
  return new BatchingImportSession(operation, context);
}

class BatchingImportSession implements ImportSession {
  readonly window: number;
  #gathering: Waiting[] = [];
  #scheduled = false;
  readonly #writing = new Set<Promise<void>>();

  constructor(
    private readonly operation: ImportOperation,
    private readonly context: ImportContext,
  ) {
    this.window = Math.max(1, Math.floor(operation.batchSize) || 1);
  }

  write(record: unknown, index: number): Promise<RecordResult> {
    return new Promise((resolve, reject) => {
      this.#gathering.push({ record, index, resolve, reject });
      if (this.#gathering.length >= this.window) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  async close(): Promise<void> {
    this.#flush();
    await Promise.all([...this.#writing]);
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#gathering;
    if (batch.length === 0) return;
    this.#gathering = [];
    const writing = this.#writeBatch(batch).finally(() => this.#writing.delete(writing));
    this.#writing.add(writing);
  }

  async #writeBatch(batch: readonly Waiting[]): Promise<void> {
    try {
      const results = await this.operation.write(
        this.context,
        batch.map((waiting) => waiting.record),
      );
      const byIndex = new Map(results.map((result) => [result.index, result]));
      batch.forEach((waiting, position) => {
        const result = byIndex.get(position);
        waiting.resolve(
          result === undefined
            ? { index: waiting.index, ok: false, status: 'failed', message: 'the destination returned no result for this record' }
            : { ...result, index: waiting.index },
        );
      });
    } catch (error) {
      if (this.context.signal.aborted) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      for (const waiting of batch) waiting.resolve({ index: waiting.index, ok: false, status: 'failed', message });
    }
  }
}
