import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonSchema } from '../contracts';

const MANIFEST_FILE = 'plugin.manifest.json';

/** The plugin's own manifest: the nearest one above this file (from `src/forms` and from `dist/src/forms`). */
export function findPluginManifest(start: string = __dirname): string {
  for (let folder = path.resolve(start); ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, MANIFEST_FILE);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(folder) === folder) throw new Error(`No ${MANIFEST_FILE} found above ${start}`);
  }
}

export interface ConnectionFormFiles {
  readonly schema: JsonSchema;
  readonly layout: unknown;
}

/**
 * Reads exactly the connection form files the manifest names for `appId`, resolved relative to
 * the manifest, so what a host validates and what the engine renders are the same files.
 */
export function readConnectionFormFiles(appId: string, manifestPath: string = findPluginManifest()): ConnectionFormFiles {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    apps?: Array<{ id?: unknown; connectionForm?: { schema?: unknown; ui?: unknown } }>;
  };
  const form = manifest.apps?.find((app) => app.id === appId)?.connectionForm;
  if (typeof form?.schema !== 'string' || typeof form.ui !== 'string') {
    throw new Error(`${manifestPath}: apps[id=${appId}].connectionForm must name "schema" and "ui" files`);
  }
  const read = (file: string): unknown => JSON.parse(readFileSync(path.resolve(path.dirname(manifestPath), file), 'utf8'));
  return { schema: read(form.schema) as JsonSchema, layout: read(form.ui) };
}
