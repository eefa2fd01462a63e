import type { ExportContext, ExportOperation, ImportContext, ImportOperation, RecordResult } from 'cartrover-connector/contracts';
import type { CatalogApp } from '../apps/catalog-app';
import { FILE_NAME_PATTERN } from './file-name';
import type { FileStore } from './file-store';

export const FILE_APP_ID = 'file';
export const HOST_PROVIDER_ID = 'host';

const FILE_CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: FILE_NAME_PATTERN, description: 'A file of the files API (PUT /api/files/:name).' },
  },
} as const;

/** Lines written per destination batch. */
const FILE_WRITE_BATCH = 100;

function readOperation(files: FileStore): ExportOperation {
  return {
    id: 'read',
    role: 'source',
    name: 'Read NDJSON file',
    description: 'Reads one record per line from a file uploaded with PUT /api/files/:name.',
    configSchema: FILE_CONFIG_SCHEMA,
    async *read(context: ExportContext) {
      const name = String(context.config.name);
      if (!(await files.info(name))) throw new Error(`The file "${name}" does not exist: upload it with PUT /api/files/${name}`);
      let lineNumber = 0;
      for await (const line of files.lines(name)) {
        lineNumber += 1;
        context.signal.throwIfAborted();
        if (line.trim() === '') continue;
        let record: unknown;
        try {
          record = JSON.parse(line);
        } catch {
          throw new Error(`The file "${name}" has invalid JSON on line ${lineNumber}`);
        }
        if (typeof record !== 'object' || record === null || Array.isArray(record)) {
          throw new Error(`The file "${name}" has no JSON object on line ${lineNumber}`);
        }
        yield record as Record<string, unknown>;
      }
    },
  };
}

function writeOperation(files: FileStore): ImportOperation {
  return {
    id: 'write',
    role: 'destination',
    name: 'Append to NDJSON file',
    description: 'Appends each record as one line to a file of the files API (created when missing).',
    configSchema: FILE_CONFIG_SCHEMA,
    batchSize: FILE_WRITE_BATCH,
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
      if (lines.length > 0) await files.append(String(context.config.name), `${lines.join('\n')}\n`);
      return results;
    },
  };
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
