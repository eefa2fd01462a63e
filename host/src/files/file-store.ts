import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { ensurePrivateDir } from '../data-dir/private-data-dir';
import { HostError } from '../errors/host-error';
import { InsufficientStorageError, isNoSpaceError } from '../errors/insufficient-storage-error';
import { ValidationError } from '../errors/validation-error';
import { NdjsonCheckStream } from './ndjson-check-stream';
import { FILE_NAME_RULE, FILE_NAME_SENTENCE, isValidFileName } from './file-name';

export interface StoredFileInfo {
  readonly name: string;
  readonly size: number;
  readonly updatedAt: string;
}

/** Opens the hidden file an upload is written to before it replaces the stored file. */
export type OpenTemporary = (file: string) => Writable;

/** How a client that went away mid-upload shows up. */
const CUT_OFF_CODES: ReadonlySet<string> = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'ECONNABORTED']);

const openTemporaryFile: OpenTemporary = (file) => createWriteStream(file, { flags: 'wx', mode: 0o600 });

/** NDJSON files of the built-in `file` app, confined to `<dataDir>/files`. */
export class FileStore {
  readonly folder: string;

  /** `openTemporary`: how upload files are opened (a test injects a failing disk). */
  constructor(
    dataDir: string,
    private readonly openTemporary: OpenTemporary = openTemporaryFile,
  ) {
    this.folder = path.join(dataDir, 'files');
    // Private like the rest of the data folder (0700; files 0600), whatever the umask.
    ensurePrivateDir(this.folder);
  }

  /** The file's path, after checking that the name cannot leave the folder. */
  pathOf(name: string): string {
    if (!isValidFileName(name)) throw new ValidationError({ name: FILE_NAME_RULE }, undefined, { name: FILE_NAME_SENTENCE });
    const file = path.resolve(this.folder, name);
    if (path.dirname(file) !== path.resolve(this.folder)) throw new ValidationError({ name: FILE_NAME_RULE }, undefined, { name: FILE_NAME_SENTENCE });
    return file;
  }

  /** Replaces the file atomically: a reader never sees half of it. */
  async replace(name: string, content: string): Promise<StoredFileInfo> {
    const file = this.pathOf(name);
    const temporary = path.join(this.folder, `.upload-${randomUUID()}`);
    await writeFile(temporary, content, { encoding: 'utf8', mode: 0o600 });
    await rename(temporary, file);
    return this.info(name) as Promise<StoredFileInfo>;
  }

  /**
   * Stores an upload as it arrives: the bytes go to a hidden temporary file while their lines are
   * checked, and replace the file only when all of it arrived and every line is a record. Memory
   * stays bounded (one line at most) whatever the size. Whatever goes wrong (a bad line: 422, too
   * big: 413, the disk full: 507, the client gone), the temporary file is removed.
   */
  async receive(name: string, body: Readable, limit: number): Promise<StoredFileInfo & { records: number }> {
    const file = this.pathOf(name);
    const temporary = path.join(this.folder, `.upload-${randomUUID()}`);
    const check = new NdjsonCheckStream(limit);
    try {
      await pipeline(body, check, this.openTemporary(temporary));
      if (!check.valid) {
        const first = Object.keys(check.problems.errors)[0]!;
        throw new ValidationError(check.problems.errors, `The file is not NDJSON: ${first} ${check.problems.errors[first]}`, check.problems.messages);
      }
      await rename(temporary, file);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      if (isNoSpaceError(error)) throw new InsufficientStorageError(`the upload of "${name}"`, error as NodeJS.ErrnoException);
      if (CUT_OFF_CODES.has(String((error as NodeJS.ErrnoException).code))) throw new HostError(400, 'bad_request', 'The upload was cut off before its end; nothing was stored');
      throw error;
    }
    return { ...((await this.info(name)) as StoredFileInfo), records: check.records };
  }

  async append(name: string, content: string): Promise<void> {
    await appendFile(this.pathOf(name), content, { encoding: 'utf8', mode: 0o600 });
  }

  /** Removes the file; false when there was none. */
  async remove(name: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(name));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async info(name: string): Promise<StoredFileInfo | undefined> {
    try {
      const stats = await stat(this.pathOf(name));
      return stats.isFile() ? { name, size: stats.size, updatedAt: stats.mtime.toISOString() } : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async list(): Promise<StoredFileInfo[]> {
    const names = (await readdir(this.folder)).filter(isValidFileName).sort();
    const infos = await Promise.all(names.map((name) => this.info(name)));
    return infos.filter((info): info is StoredFileInfo => info !== undefined);
  }

  stream(name: string): NodeJS.ReadableStream {
    return createReadStream(this.pathOf(name));
  }

  /** The file's lines one at a time: memory stays flat whatever the file's size. */
  lines(name: string): AsyncIterable<string> {
    return createInterface({ input: createReadStream(this.pathOf(name), 'utf8'), crlfDelay: Infinity });
  }
}
