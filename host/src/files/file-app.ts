import type { ExportContext, ExportOperation, ImportContext, ImportOperation, RecordResult } from 'cartrover-connector/contracts';
import type { CatalogApp } from '../apps/catalog-app';
import { FILE_NAME_PATTERN } from './file-name';
import type { FileStore } from './file-store';
import { parseNdjsonLine } from './ndjson-line';
import { FILE_WRITE_BATCH, FileWriteSession, type FileWriteMode } from './file-write-session';

export const FILE_APP_ID = 'file';
export const HOST_PROVIDER_ID = 'host';

const FILE_NAME_PROPERTY = { type: 'string', pattern: FILE_NAME_PATTERN, title: 'File', description: 'One of the files in the Files section.' } as const;

const READ_CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: FILE_NAME_PROPERTY },
} as const;

export type { FileWriteMode };
const DEFAULT_WRITE_MODE: FileWriteMode = 'overwrite';

const WRITE_CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { ...FILE_NAME_PROPERTY, description: 'The file to write; created when missing.' },
    mode: {
      type: 'string',
      enum: ['overwrite', 'append'],
      default: DEFAULT_WRITE_MODE,
      title: 'When the file exists',
      description: 'Overwrite: each run replaces the file. Append: each run adds its records at the end.',
    },
  },
} as const;

function readOperation(files: FileStore): ExportOperation {
  return {
    id: 'read',
    role: 'source',
    name: 'Read NDJSON file',
    description: 'Reads one record per line from an uploaded file.',
    configSchema: READ_CONFIG_SCHEMA,
    async *read(context: ExportContext) {
      const name = String(context.config.name);
      if (!(await files.info(name))) throw new Error(`The file "${name}" does not exist: upload it in the Files section first`);
      // Its size, for the run's progress: one quick pass over the lines first.
      if (context.setTotal) context.setTotal(await countRecordLines(files, name));
      let lineNumber = 0;
      for await (const line of files.lines(name)) {
        lineNumber += 1;
        context.signal.throwIfAborted();
        const parsed = parseNdjsonLine(line);
        if (parsed.kind === 'blank') continue;
        if (parsed.kind === 'not_json') throw new Error(`The file "${name}" has invalid JSON on line ${lineNumber}`);
        if (parsed.kind === 'not_object') throw new Error(`The file "${name}" has no JSON object on line ${lineNumber}`);
        yield parsed.record;
      }
    },
  };
}

function writeOperation(files: FileStore): ImportOperation {
  // The runs that have written their first batch: in overwrite mode a run's first batch replaces
  // the file and the next ones append. Each run has its own signal, so it identifies the run.
  const started = new WeakSet<AbortSignal>();
  return {
    id: 'write',
    role: 'destination',
    name: 'Write NDJSON file',
    description: 'Writes each record as one line of a file (created when missing), replacing the file or adding to it.',
    configSchema: WRITE_CONFIG_SCHEMA,
    batchSize: FILE_WRITE_BATCH,
    // The runner's path: one handle per run, whole batches only (a full disk ends the run at once).
    async open(context: ImportContext) {
      return new FileWriteSession(files, String(context.config.name), (context.config.mode ?? DEFAULT_WRITE_MODE) as FileWriteMode);
    },
    async write(context: ImportContext, records: readonly unknown[]): Promise<readonly RecordResult[]> {
      const lines: string[] = [];
      const results = records.map((record, index): RecordResult => {
        try {
          const line = JSON.stringify(record);
          if (line === undefined) return { index, ok: false, status: 'failed', message: 'the record is not JSON' };
          lines.push(line);
          return { index, ok: true, status: 'written' };
        } catch (error) {
          return { index, ok: false, status: 'failed', message: `the record cannot be written as JSON (${(error as Error).message})` };
        }
      });
      context.signal.throwIfAborted();
      // One append per batch: the batch's lines land together even when runs share a file.
      const name = String(context.config.name);
      const text = lines.length > 0 ? `${lines.join('\n')}\n` : '';
      const mode = (context.config.mode ?? DEFAULT_WRITE_MODE) as FileWriteMode;
      if (mode === 'overwrite' && !started.has(context.signal)) {
        started.add(context.signal);
        await files.replace(name, text);
      } else if (text !== '') {
        await files.append(name, text);
      }
      return results;
    },
  };
}

/** The lines of a file that hold something (a blank line is no record). */
async function countRecordLines(files: FileStore, name: string): Promise<number> {
  let count = 0;
  for await (const line of files.lines(name)) if (line.trim() !== '') count += 1;
  return count;
}

/** The host's built-in `file` app: NDJSON files as a source and a destination, without connections. */
export function createFileApp(files: FileStore, hostVersion: string): CatalogApp {
  return {
    id: FILE_APP_ID,
    name: 'File (NDJSON)',
    roles: ['source', 'destination'],
    documentation: [],
    plugin: { id: HOST_PROVIDER_ID, version: hostVersion },
    operations: [readOperation(files), writeOperation(files)],
  };
}
