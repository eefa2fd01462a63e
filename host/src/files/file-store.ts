import { createReadStream } from 'node:fs';
import { appendFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { ensurePrivateDir } from '../data-dir/private-data-dir';
import { ValidationError } from '../errors/validation-error';
import { FILE_NAME_RULE, FILE_NAME_SENTENCE, isValidFileName } from './file-name';

export interface StoredFileInfo {
  readonly name: string;
  readonly size: number;
  readonly updatedAt: string;
}

/** NDJSON files of the built-in `file` app, confined to `<dataDir>/files`. */
export class FileStore {
  readonly folder: string;

  constructor(dataDir: string) {
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
