import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { ImportSession, RecordResult } from 'cartrover-connector/contracts';
import type { FileStore } from './file-store';

export type FileWriteMode = 'append' | 'overwrite';

/** Lines written at once; twice as many are in flight, so one batch gathers while the other is written. */
export const FILE_WRITE_BATCH = 100;

interface PendingLine {
  readonly line: string;
  readonly index: number;
  readonly resolve: (result: RecordResult) => void;
  readonly reject: (error: unknown) => void;
}

/** A write error as a sentence: a full disk says so, and what the file still holds. */
export function fileWriteFailure(name: string, error: unknown, linesWritten: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const holds = `it holds the ${linesWritten} record(s) this run wrote before`;
  if (code === 'ENOSPC') return new Error(`The disk is full: the file "${name}" could not be written (ENOSPC); ${holds}. Free some space and run the flow again.`);
  if (code === 'EDQUOT') return new Error(`The disk quota is used up: the file "${name}" could not be written (EDQUOT); ${holds}. Free some space and run the flow again.`);
  return new Error(`The file "${name}" could not be written (${code ?? (error as Error).message}); ${holds}.`);
}

/**
 * One run's writes to an NDJSON file: the records handed in within one turn (at most a batch) land
 * as one write, through one handle kept for the run. Overwrite mode empties the file at the first
 * write (a run with no record leaves it as it was). A failed write (a full disk) cuts the file back
 * to its last whole batch, so it holds exactly the records counted written, and breaks the session:
 * that batch and every later record is rejected with the sentence, which ends the run at once.
 */
export class FileWriteSession implements ImportSession {
  readonly window = 2 * FILE_WRITE_BATCH;
  #gathering: PendingLine[] = [];
  #scheduled = false;
  #writing: Promise<void> = Promise.resolve();
  #handle: FileHandle | undefined;
  #linesWritten = 0;
  #broken: Error | undefined;

  constructor(
    private readonly files: FileStore,
    private readonly name: string,
    private readonly mode: FileWriteMode,
  ) {}

  write(record: unknown, index: number): Promise<RecordResult> {
    if (this.#broken) return Promise.reject(this.#broken);
    let line: string | undefined;
    try {
      line = JSON.stringify(record);
    } catch (error) {
      return Promise.resolve({ index, ok: false, status: 'failed', message: `the record cannot be written as JSON (${(error as Error).message})` });
    }
    if (line === undefined) return Promise.resolve({ index, ok: false, status: 'failed', message: 'the record is not JSON' });
    const text = line;
    return new Promise((resolve, reject) => {
      this.#gathering.push({ line: text, index, resolve, reject });
      if (this.#gathering.length >= FILE_WRITE_BATCH) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  async close(): Promise<void> {
    this.#flush();
    await this.#writing;
    await this.#handle?.close().catch(() => undefined);
    this.#handle = undefined;
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#gathering;
    if (batch.length === 0) return;
    this.#gathering = [];
    this.#writing = this.#writing.then(() => this.#writeBatch(batch));
  }

  async #writeBatch(batch: readonly PendingLine[]): Promise<void> {
    if (this.#broken) {
      for (const pending of batch) pending.reject(this.#broken);
      return;
    }
    let before = 0;
    try {
      const handle = await this.#open();
      before = (await handle.stat()).size;
      await handle.appendFile(`${batch.map((pending) => pending.line).join('\n')}\n`, 'utf8');
      this.#linesWritten += batch.length;
      for (const pending of batch) pending.resolve({ index: pending.index, ok: true, status: 'written' });
    } catch (error) {
      // A cut last line (and the rest of the batch) goes: the file keeps whole records only.
      await this.#handle?.truncate(before).catch(() => undefined);
      this.#broken = fileWriteFailure(this.name, error, this.#linesWritten);
      for (const pending of batch) pending.reject(this.#broken);
    }
  }

  async #open(): Promise<FileHandle> {
    this.#handle ??= await open(this.files.pathOf(this.name), this.mode === 'overwrite' ? 'w' : 'a', 0o600);
    return this.#handle;
  }
}
